package io.ferry.bench;

import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * The data pipelines, timed from outside the worker: a file into a topic (FileStreamSource), a topic into a file
 * (FileStreamSink), and eight partitions into a file by four sink tasks. Each run uses a fresh topic or file and a
 * fresh connector name, and deletes its connector when done.
 */
public final class PipelineScenarios {

    /** How long a single pipeline may take before the bench gives up on it. */
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration TOPIC_POLL = Duration.ofMillis(20);
    private static final Duration FILE_POLL = Duration.ofMillis(5);
    /** Between two looks at the connector's status while waiting, so a failed task ends the wait early. */
    private static final long STATUS_CHECK_NANOS = Duration.ofSeconds(1).toNanos();

    public static final List<Measure> SOURCE_STRING = List.of(Measure.SOURCE_STRING_RATE, Measure.SOURCE_FIRST_RECORD,
            Measure.SOURCE_STRING_CPU, Measure.RSS_AFTER_SOURCE);
    public static final List<Measure> SOURCE_JSON = List.of(Measure.SOURCE_JSON_RATE, Measure.SOURCE_JSON_CPU);
    public static final List<Measure> SOURCE_STRING_WARM = List.of(Measure.SOURCE_STRING_WARM_RATE,
            Measure.SOURCE_STRING_WARM_CPU, Measure.RSS_AFTER_ALL);
    public static final List<Measure> SINK_STRING = List.of(Measure.SINK_STRING_RATE, Measure.SINK_FIRST_LINE,
            Measure.SINK_STRING_CPU);
    public static final List<Measure> PARTITIONS = List.of(Measure.PARTITIONS_RATE, Measure.PARTITIONS_FIRST_LINE,
            Measure.PARTITIONS_CPU);

    private final BenchSettings settings;
    private final BenchBroker broker;
    private final Results results;
    private final Path sourceFile;
    private final String sinkTopic;
    private final String partitionsTopic;

    public PipelineScenarios(BenchSettings settings, BenchBroker broker, Results results, Path sourceFile,
                             String sinkTopic, String partitionsTopic) {
        this.settings = settings;
        this.broker = broker;
        this.results = results;
        this.sourceFile = sourceFile;
        this.sinkTopic = sinkTopic;
        this.partitionsTopic = partitionsTopic;
    }

    /** The source file into a fresh one-partition topic, values as strings or as JSON with schemas. */
    public void source(BenchWorker worker, int round, boolean json) throws Exception {
        source(worker, round, json, false);
    }

    /**
     * The source-string pipeline once more on the same worker, after the other pipelines: the same work on a JVM
     * that has compiled the code it runs (the first run pays for that compilation, on both runtimes).
     */
    public void sourceWarm(BenchWorker worker, int round) throws Exception {
        source(worker, round, false, true);
    }

    private void source(BenchWorker worker, int round, boolean json, boolean warm) throws Exception {
        String name = "source-" + (json ? "json" : "string") + (warm ? "-warm" : "") + "-" + worker.kind.id + "-" + round;
        String topic = name + "-" + System.currentTimeMillis();
        broker.createTopic(topic, 1);
        Map<String, String> config = Connectors.fileSource(sourceFile, topic);
        if (json) {
            config.put("value.converter", Connectors.JSON_CONVERTER);
            config.put("value.converter.schemas.enable", "true");
        }
        List<TopicPartition> partition = List.of(new TopicPartition(topic, 0));
        Timing timing = run(worker, name, config, () -> broker.endOffsetSum(partition), settings.records(), TOPIC_POLL);
        String column = worker.kind.id;
        if (warm) {
            results.record(Measure.SOURCE_STRING_WARM_RATE, column, round, timing.rate(settings.records()));
            results.record(Measure.SOURCE_STRING_WARM_CPU, column, round, timing.cpuSeconds);
            results.record(Measure.RSS_AFTER_ALL, column, round, timing.rssKibAfter / 1024.0);
        } else {
            results.record(json ? Measure.SOURCE_JSON_RATE : Measure.SOURCE_STRING_RATE, column, round, timing.rate(settings.records()));
            results.record(json ? Measure.SOURCE_JSON_CPU : Measure.SOURCE_STRING_CPU, column, round, timing.cpuSeconds);
        }
        if (!json && !warm) {
            results.record(Measure.SOURCE_FIRST_RECORD, column, round, timing.firstSeconds());
            results.record(Measure.RSS_AFTER_SOURCE, column, round, timing.rssKibAfter / 1024.0);
        }
        Connectors.delete(worker, name);
        long count = broker.recordCount(topic);
        if (count != settings.records()) {
            results.note(worker.kind.title + " round " + round + ", " + name + ": the topic holds " + count
                    + " records, not " + settings.records());
        }
    }

    /** The pre-filled one-partition topic into a fresh file, one sink task. */
    public void sink(BenchWorker worker, int round) throws Exception {
        Timing timing = sinkRun(worker, "sink-string-" + worker.kind.id + "-" + round, sinkTopic, 1);
        results.record(Measure.SINK_STRING_RATE, worker.kind.id, round, timing.rate(settings.records()));
        results.record(Measure.SINK_FIRST_LINE, worker.kind.id, round, timing.firstSeconds());
        results.record(Measure.SINK_STRING_CPU, worker.kind.id, round, timing.cpuSeconds);
    }

    /** The pre-filled eight-partition topic into one file by four sink tasks. */
    public void partitions(BenchWorker worker, int round) throws Exception {
        Timing timing = sinkRun(worker, "partitions-" + worker.kind.id + "-" + round, partitionsTopic, 4);
        results.record(Measure.PARTITIONS_RATE, worker.kind.id, round, timing.rate(settings.records()));
        results.record(Measure.PARTITIONS_FIRST_LINE, worker.kind.id, round, timing.firstSeconds());
        results.record(Measure.PARTITIONS_CPU, worker.kind.id, round, timing.cpuSeconds);
    }

    private Timing sinkRun(BenchWorker worker, String name, String topic, int tasks) throws Exception {
        Path file = settings.workDir().resolve(name + ".txt");
        Files.deleteIfExists(file);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", Connectors.FILE_SINK);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("file", file.toString());
        config.put("key.converter", Connectors.STRING_CONVERTER);
        config.put("value.converter", Connectors.STRING_CONVERTER);
        // Every line is record-size bytes and a newline, whichever task wrote it and in whatever order.
        Timing timing = run(worker, name, config, () -> fileSize(file), settings.sinkFileBytes(), FILE_POLL);
        Connectors.delete(worker, name);
        long size = fileSize(file);
        if (size != settings.sinkFileBytes()) {
            results.note(worker.kind.title + ", " + name + ": the file holds " + size + " bytes, not "
                    + settings.sinkFileBytes());
        }
        return timing;
    }

    /**
     * Creates the connector and watches {@code progress} until it reaches {@code target}: when the first unit arrived,
     * when the last did, and the worker's CPU time and memory at that moment.
     */
    private Timing run(BenchWorker worker, String name, Map<String, String> config, LongSupplier progress, long target,
                       Duration interval) throws TimeoutException {
        double cpuBefore = worker.cpuSeconds();
        long posted = System.nanoTime();
        Connectors.create(worker, name, config);
        StatusWatch watch = new StatusWatch(worker, name);
        Poll.until(name + ": first record", RUN_TIMEOUT, interval, () -> watch.ok() && progress.getAsLong() > 0);
        long first = System.nanoTime();
        Poll.until(name + ": all " + settings.records() + " records", RUN_TIMEOUT, interval,
                () -> watch.ok() && progress.getAsLong() >= target);
        long last = System.nanoTime();
        return new Timing(posted, first, last, worker.cpuSeconds() - cpuBefore, worker.rssKib());
    }

    private static long fileSize(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Looks at the connector's status at most once a second; throws as soon as it or a task failed. */
    private static final class StatusWatch {
        private final BenchWorker worker;
        private final String name;
        private long lastCheck = System.nanoTime();

        StatusWatch(BenchWorker worker, String name) {
            this.worker = worker;
            this.name = name;
        }

        boolean ok() {
            if (System.nanoTime() - lastCheck > STATUS_CHECK_NANOS) {
                lastCheck = System.nanoTime();
                Connectors.failure(worker, name).ifPresent(reason -> {
                    throw new IllegalStateException(reason);
                });
            }
            return true;
        }
    }

    /** When a run's connector was created, its first and last unit arrived; CPU it cost, memory after. */
    record Timing(long postedNanos, long firstNanos, long lastNanos, double cpuSeconds, long rssKibAfter) {
        double firstSeconds() {
            return Poll.secondsBetween(postedNanos, firstNanos);
        }

        /** Records a second from the first to the last: start-up of the connector and task is left out. */
        double rate(long records) {
            return records / Poll.secondsBetween(firstNanos, lastNanos);
        }
    }
}
