package io.ferry.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A bench run: one broker for the whole run, then per round and runtime one worker for start-up, the source runs
 * and the sink run, a fresh worker for the scale scenario and another for the partitions scenario. Runtimes
 * alternate which goes first from round to round, so neither always meets a warmer broker or page cache.
 */
public final class Bench {

    private static final String SINK_TOPIC = "bench-sink-input";
    private static final String PARTITIONS_TOPIC = "bench-partitions-input";

    private final BenchSettings settings;
    private final PrintStream progress;
    private final Results results = new Results();
    private final List<String> header = new ArrayList<>();

    public Bench(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs every round and returns the results as Markdown. */
    public String run() throws Exception {
        wipe(settings.workDir());
        Files.createDirectories(settings.workDir());
        header.add("date: " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        header.addAll(MachineInfo.describe(settings));
        header.add("records: " + settings.records() + " of " + settings.recordSize() + " bytes; rounds: "
                + settings.rounds() + "; scale: " + settings.connectors() + " connectors; values are medians over rounds");
        if (!settings.workerJvmOptions().isEmpty()) {
            header.add("extra worker JVM options: " + String.join(" ", settings.workerJvmOptions()));
        }
        TestData data = new TestData(settings.recordSize());
        progress.println("Preparing: broker, " + settings.records() + "-line source file, pre-filled topics...");
        Path sourceFile = data.writeFile(settings.workDir().resolve("source-input.txt"), settings.records());
        Path smallFile = data.writeFile(settings.workDir().resolve("scale-input.txt"), 100);
        try (BenchBroker broker = new BenchBroker(settings.workDir().resolve("kafka"))) {
            if (settings.runs(Scenario.SINK_STRING) || settings.runs(Scenario.RAW)) {
                broker.fill(SINK_TOPIC, 1, settings.records(), data);
            }
            if (settings.runs(Scenario.PARTITIONS)) {
                broker.fill(PARTITIONS_TOPIC, 8, settings.records(), data);
            }
            WorkerLauncher launcher = new WorkerLauncher(settings, broker.bootstrapServers());
            warmUp(launcher);
            PipelineScenarios pipelines = new PipelineScenarios(settings, broker, results, sourceFile, SINK_TOPIC,
                    PARTITIONS_TOPIC);
            ScaleScenario scale = new ScaleScenario(settings, broker, results, smallFile);
            RawClients raw = new RawClients(settings, broker, results, data, SINK_TOPIC);
            for (int round = 1; round <= settings.rounds(); round++) {
                String loadBefore = MachineInfo.loadAverage();
                if (settings.runs(Scenario.RAW)) {
                    progress.println("Round " + round + ": raw producer and consumer");
                    attempt("raw producer", List.of(Measure.RAW_PRODUCER_RATE), Results.RAW, round, raw::producer);
                    attempt("raw consumer", List.of(Measure.RAW_CONSUMER_RATE), Results.RAW, round, raw::consumer);
                }
                for (RuntimeKind kind : order(round)) {
                    runtimeRound(kind, round, launcher, pipelines, scale);
                }
                header.add("round " + round + " (" + String.join(" then ", order(round).stream().map(k -> k.title).toList())
                        + "): /proc/loadavg before " + loadBefore + ", after " + MachineInfo.loadAverage());
            }
        }
        return markdown();
    }

    /**
     * Starts and stops each runtime before the rounds, so that both meet a warm page cache, and Ferry has made the
     * class-data sharing archive its launcher keeps (in the work directory, so every bench run makes its own: on Java
     * 17 the first start lists the classes, the second builds the archive beside it). The first start of each is
     * noted in the header: what a machine that never ran it sees.
     */
    private void warmUp(WorkerLauncher launcher) throws Exception {
        List<String> firstStarts = new ArrayList<>();
        for (RuntimeKind kind : settings.runtimes()) {
            progress.println("Warming up: " + kind.title);
            int starts = kind == RuntimeKind.FERRY ? 2 : 1;
            for (int i = 1; i <= starts; i++) {
                BenchWorker worker = launcher.launch(kind, kind.id + "-warm-up-" + i);
                try {
                    double seconds = WorkerLauncher.awaitRest(worker);
                    if (i == 1) {
                        firstStarts.add(kind.title + " " + String.format(java.util.Locale.ROOT, "%.2f", seconds) + " s");
                    }
                } finally {
                    stop(worker);
                }
            }
        }
        launcher.awaitClassCache();
        header.add("first start→REST on this machine (Ferry without its class cache yet): " + String.join(", ", firstStarts));
    }

    /** Round 1 in the order given, round 2 reversed, and so on. */
    List<RuntimeKind> order(int round) {
        List<RuntimeKind> order = new ArrayList<>(settings.runtimes());
        if (round % 2 == 0) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    private void runtimeRound(RuntimeKind kind, int round, WorkerLauncher launcher, PipelineScenarios pipelines,
                              ScaleScenario scale) throws InterruptedException {
        String column = kind.id;
        if (settings.runs(Scenario.START) || settings.runs(Scenario.SOURCE_STRING) || settings.runs(Scenario.SOURCE_JSON)
                || settings.runs(Scenario.SINK_STRING)) {
            progress.println("Round " + round + ", " + kind.title + ": start, sources, sink");
            BenchWorker worker = null;
            try {
                worker = launcher.launch(kind, kind.id + "-" + round);
                double startSeconds = WorkerLauncher.awaitRest(worker);
                results.record(Measure.START_TO_REST, column, round, startSeconds);
                results.record(Measure.RSS_AT_REST, column, round, worker.rssKib() / 1024.0);
            } catch (Exception e) {
                results.fail(List.of(Measure.START_TO_REST, Measure.RSS_AT_REST), column, round, reason(e));
                stop(worker);
                worker = null;
            }
            BenchWorker running = worker;
            if (settings.runs(Scenario.SOURCE_STRING)) {
                onWorker(running, "source-string", PipelineScenarios.SOURCE_STRING, column, round,
                        r -> pipelines.source(running, r, false));
            }
            if (settings.runs(Scenario.SOURCE_JSON)) {
                onWorker(running, "source-json", PipelineScenarios.SOURCE_JSON, column, round,
                        r -> pipelines.source(running, r, true));
            }
            if (settings.runs(Scenario.SINK_STRING)) {
                onWorker(running, "sink-string", PipelineScenarios.SINK_STRING, column, round, r -> pipelines.sink(running, r));
            }
            if (settings.runs(Scenario.SOURCE_STRING)) {
                onWorker(running, "source-string (warm)", PipelineScenarios.SOURCE_STRING_WARM, column, round,
                        r -> pipelines.sourceWarm(running, r));
            }
            stop(worker);
        }
        if (settings.runs(Scenario.SCALE)) {
            progress.println("Round " + round + ", " + kind.title + ": scale (" + settings.connectors() + " connectors)");
            freshWorker(launcher, kind, round, "scale", ScaleScenario.MEASURES, w -> scale.run(w, round));
        }
        if (settings.runs(Scenario.PARTITIONS)) {
            progress.println("Round " + round + ", " + kind.title + ": partitions");
            freshWorker(launcher, kind, round, "partitions", PipelineScenarios.PARTITIONS, w -> pipelines.partitions(w, round));
        }
    }

    private interface RoundStep {
        void run(int round) throws Exception;
    }

    private interface WorkerStep {
        void run(BenchWorker worker) throws Exception;
    }

    private void onWorker(BenchWorker worker, String scenario, Collection<Measure> measures, String column, int round,
                          RoundStep step) {
        if (worker == null) {
            results.fail(measures, column, round, "the worker did not start");
            return;
        }
        attempt(scenario, measures, column, round, step);
    }

    private void freshWorker(WorkerLauncher launcher, RuntimeKind kind, int round, String scenario,
                             Collection<Measure> measures, WorkerStep step) throws InterruptedException {
        BenchWorker worker = null;
        try {
            worker = launcher.start(kind, kind.id + "-" + scenario + "-" + round);
            step.run(worker);
        } catch (Exception e) {
            results.fail(measures, kind.id, round, reason(e));
            progress.println("  " + scenario + " failed for " + kind.title + ": " + reason(e));
        } finally {
            stop(worker);
        }
    }

    /** Runs a scenario; a failure is recorded in its cells and the bench goes on with the next. */
    private void attempt(String scenario, Collection<Measure> measures, String column, int round, RoundStep step) {
        try {
            step.run(round);
        } catch (Exception e) {
            results.fail(measures, column, round, reason(e));
            progress.println("  " + scenario + " failed for " + column + ": " + reason(e));
        }
    }

    private static void stop(BenchWorker worker) throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ResultsTable.escape(message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    private String markdown() {
        ResultsTable table = new ResultsTable(results, settings.runtimes(), settings.rounds());
        StringBuilder out = new StringBuilder("# Ferry and Apache Kafka Connect side by side\n\n");
        header.forEach(line -> out.append("- ").append(line).append('\n'));
        out.append('\n').append(table.summary()).append('\n');
        if (!results.notes().isEmpty()) {
            out.append("Notes:\n\n");
            results.notes().forEach(note -> out.append("- ").append(note).append('\n'));
            out.append('\n');
        }
        out.append("## Every round\n\n").append(table.details());
        return out.toString();
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
