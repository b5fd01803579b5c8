package io.ferry.bench;

/**
 * A row of the results table: what is measured, its unit, and which way is better, which decides how the ratio is
 * taken (throughput Ferry/Apache, times, memory and CPU Apache/Ferry, so a ratio above 1 always favours Ferry).
 */
public enum Measure {
    SOURCE_STRING_RATE("source string", "rec/s", true, 0),
    SOURCE_JSON_RATE("source JSON", "rec/s", true, 0),
    SOURCE_STRING_WARM_RATE("source string, warm JVM", "rec/s", true, 0),
    SINK_STRING_RATE("sink string", "rec/s", true, 0),
    SOURCE_FIRST_RECORD("source POST→first record", "s", false, 2),
    SINK_FIRST_LINE("sink POST→first line", "s", false, 2),
    START_TO_REST("start→REST", "s", false, 2),
    RSS_AT_REST("RSS at REST", "MiB", false, 0),
    RSS_AFTER_SOURCE("RSS after source run", "MiB", false, 0),
    SOURCE_STRING_CPU("worker CPU for source-string run", "cpu-s", false, 1),
    SOURCE_JSON_CPU("worker CPU for source-JSON run", "cpu-s", false, 1),
    SOURCE_STRING_WARM_CPU("worker CPU for source-string run, warm JVM", "cpu-s", false, 1),
    RSS_AFTER_ALL("RSS after all pipeline runs", "MiB", false, 0),
    SINK_STRING_CPU("worker CPU for sink-string run", "cpu-s", false, 1),
    SCALE_TIME_TO_RUNNING("scale: POST→all running", "s", false, 1),
    SCALE_RSS_PER_TASK("scale: RSS per task", "KiB", false, 0),
    SCALE_THREADS_BEFORE("scale: threads before", "threads", false, 0),
    SCALE_THREADS_AFTER("scale: threads all running", "threads", false, 0),
    SCALE_LIST_P50("scale: GET /connectors?expand=status p50", "ms", false, 1),
    SCALE_LIST_P99("scale: GET /connectors?expand=status p99", "ms", false, 1),
    SCALE_STATUS_P50("scale: GET /connectors/x/status p50", "ms", false, 2),
    SCALE_STATUS_P99("scale: GET /connectors/x/status p99", "ms", false, 2),
    PARTITIONS_RATE("partitions (8 → 4 sink tasks)", "rec/s", true, 0),
    PARTITIONS_FIRST_LINE("partitions POST→first line", "s", false, 2),
    PARTITIONS_CPU("worker CPU for partitions run", "cpu-s", false, 1),
    RAW_PRODUCER_RATE("raw producer (worker's settings)", "rec/s", true, 0),
    RAW_CONSUMER_RATE("raw consumer (worker's settings)", "rec/s", true, 0);

    public final String label;
    public final String unit;
    public final boolean higherIsBetter;
    public final int decimals;

    Measure(String label, String unit, boolean higherIsBetter, int decimals) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.decimals = decimals;
    }

    /** Measured by the bench's own clients, once per round, not per runtime. */
    public boolean raw() {
        return this == RAW_PRODUCER_RATE || this == RAW_CONSUMER_RATE;
    }
}
