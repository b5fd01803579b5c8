package io.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many small connectors on one fresh worker: how long until all run, what each task costs in memory and threads,
 * and how fast the REST API answers with that many connectors.
 */
public final class ScaleScenario {

    public static final List<Measure> MEASURES = List.of(Measure.SCALE_TIME_TO_RUNNING, Measure.SCALE_RSS_PER_TASK,
            Measure.SCALE_THREADS_BEFORE, Measure.SCALE_THREADS_AFTER, Measure.SCALE_LIST_P50, Measure.SCALE_LIST_P99,
            Measure.SCALE_STATUS_P50, Measure.SCALE_STATUS_P99);
    private static final int LATENCY_SAMPLES = 100;

    private final BenchSettings settings;
    private final BenchBroker broker;
    private final Results results;
    private final Path smallFile;

    public ScaleScenario(BenchSettings settings, BenchBroker broker, Results results, Path smallFile) {
        this.settings = settings;
        this.broker = broker;
        this.results = results;
        this.smallFile = smallFile;
    }

    public void run(BenchWorker worker, int round) throws Exception {
        String topic = "scale-" + worker.kind.id + "-" + round + "-" + System.currentTimeMillis();
        broker.createTopic(topic, 1);
        int count = settings.connectors();
        long rssBefore = worker.rssKib();
        long threadsBefore = worker.threads();
        long firstPost = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Connectors.create(worker, name(i), Connectors.fileSource(smallFile, topic));
        }
        Poll.until("all " + count + " connectors and tasks RUNNING", PipelineScenarios.RUN_TIMEOUT, Duration.ofMillis(100),
                () -> allRunning(worker, count));
        double seconds = Poll.secondsSince(firstPost);
        long rssAfter = worker.rssKib();
        String column = worker.kind.id;
        results.record(Measure.SCALE_TIME_TO_RUNNING, column, round, seconds);
        results.record(Measure.SCALE_RSS_PER_TASK, column, round, (rssAfter - rssBefore) / (double) count);
        results.record(Measure.SCALE_THREADS_BEFORE, column, round, threadsBefore);
        results.record(Measure.SCALE_THREADS_AFTER, column, round, worker.threads());
        List<Double> list = latenciesMillis(worker, "/connectors?expand=status");
        results.record(Measure.SCALE_LIST_P50, column, round, Stats.percentile(list, 50));
        results.record(Measure.SCALE_LIST_P99, column, round, Stats.percentile(list, 99));
        List<Double> one = latenciesMillis(worker, "/connectors/" + name(count / 2) + "/status");
        results.record(Measure.SCALE_STATUS_P50, column, round, Stats.percentile(one, 50));
        results.record(Measure.SCALE_STATUS_P99, column, round, Stats.percentile(one, 99));
    }

    private static String name(int i) {
        return String.format("scale-%04d", i);
    }

    /** Every connector and its one task RUNNING, by {@code GET /connectors?expand=status}; a failure ends the wait. */
    private static boolean allRunning(BenchWorker worker, int count) {
        if (!worker.alive()) {
            throw new IllegalStateException(worker.kind.title + " worker exited; see " + worker.log);
        }
        JsonNode all = worker.rest().getJson("/connectors?expand=status");
        int running = 0;
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) all::fields) {
            JsonNode status = entry.getValue().path("status");
            String state = status.path("connector").path("state").asText();
            JsonNode tasks = status.path("tasks");
            if ("FAILED".equals(state)) {
                throw new IllegalStateException(entry.getKey() + " FAILED");
            }
            boolean tasksRunning = tasks.size() == 1 && "RUNNING".equals(tasks.get(0).path("state").asText());
            if (tasks.size() == 1 && "FAILED".equals(tasks.get(0).path("state").asText())) {
                throw new IllegalStateException(entry.getKey() + " task FAILED");
            }
            if ("RUNNING".equals(state) && tasksRunning) {
                running++;
            }
        }
        return running == count;
    }

    private static List<Double> latenciesMillis(BenchWorker worker, String path) {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < LATENCY_SAMPLES; i++) {
            long start = System.nanoTime();
            var response = worker.rest().get(path);
            millis.add((System.nanoTime() - start) / 1e6);
            if (response.status() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.status());
            }
        }
        return millis;
    }
}
