package io.ferry.connectors.s3;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.Map;

/** The S3 sink's keys (besides the sink's own {@code topics}, {@code errors.*}). */
final class S3SinkConfig extends S3Config {

    static final String MAX_RECORDS = "object.max.records";
    static final String MAX_BYTES = "object.max.bytes";
    static final String MAX_AGE_MS = "object.max.age.ms";
    static final String COMPRESSION = "s3.compression";

    private static final String OBJECTS = "S3 objects";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(MAX_RECORDS, Type.INT, 10_000, Range.atLeast(1), Importance.HIGH,
                    "An object is written once it holds this many records.", OBJECTS, 1, ConfigDef.Width.SHORT, "Records per object")
            .define(MAX_BYTES, Type.INT, 16 * 1024 * 1024, Range.atLeast(1), Importance.MEDIUM,
                    "An object is written once its content reaches this many bytes (before compression); the task holds up "
                            + "to this much per partition in memory.", OBJECTS, 2, ConfigDef.Width.SHORT, "Bytes per object")
            .define(MAX_AGE_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "An object is written once its first record arrived this long ago (checked whenever the worker hands "
                            + "the task records, and at each offset commit); 0: only by records and bytes.", OBJECTS, 3, ConfigDef.Width.SHORT, "Object age (ms)")
            .define(COMPRESSION, Type.STRING, "none", ValidString.in("none", "gzip"), Importance.MEDIUM,
                    "none or gzip (the key then ends in .gz).", OBJECTS, 4, ConfigDef.Width.SHORT, "Compression");

    S3SinkConfig(Map<?, ?> props) {
        super(DEF, props);
    }

    boolean gzip() {
        return "gzip".equals(getString(COMPRESSION));
    }
}
