package io.ferry.connectors.s3;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sink's object keys: {@code <prefix><topic>/partition=<p>/<topic>+<p>+<first offset>+<last offset>.<jsonl|bin>[.gz]},
 * offsets zero-padded to 20 digits so that a partition's objects sort in offset order. The first and last offsets
 * say which records an object holds; the sink resumes after the last offset it finds in the store.
 */
record ObjectNames(String prefix) {

    private static final Pattern NAME = Pattern.compile("(?:.*/)?(.+)\\+(\\d+)\\+(\\d{20})\\+(\\d{20})\\.(jsonl|bin)(\\.gz)?");

    /** What a sink object's key says of it. */
    record Parsed(String topic, int partition, long firstOffset, long lastOffset, boolean json, boolean gzip) {
    }

    String directory(String topic, int partition) {
        return prefix + topic + "/partition=" + partition + "/";
    }

    String key(String topic, int partition, long firstOffset, long lastOffset, boolean json, boolean gzip) {
        return directory(topic, partition) + String.format("%s+%d+%020d+%020d.%s%s", topic, partition, firstOffset, lastOffset,
                json ? "jsonl" : "bin", gzip ? ".gz" : "");
    }

    /** The parts of a sink object's key, or null for any other key. */
    static Parsed parse(String key) {
        Matcher m = NAME.matcher(key);
        if (!m.matches()) {
            return null;
        }
        return new Parsed(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)),
                m.group(5).equals("jsonl"), m.group(6) != null);
    }
}
