package io.ferry.connectors.s3;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.Map;

/** The S3 source's keys. */
final class S3SourceConfig extends S3Config {

    static final String KAFKA_TOPIC = "kafka.topic";
    static final String RECORD_PARTITION = "record.partition";
    static final String POLL_INTERVAL_MS = "s3.poll.interval.ms";
    static final String MAX_BATCH_SIZE = "max.batch.size";

    static final String PARTITION_NONE = "none";
    static final String PARTITION_OBJECT = "object";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The Kafka topic the lines go to.")
            .define(RECORD_PARTITION, Type.STRING, PARTITION_OBJECT, ValidString.in(PARTITION_OBJECT, PARTITION_NONE), Importance.MEDIUM,
                    "object: an object the sink wrote goes to the partition its key names (other objects: none); none: the producer chooses.")
            .define(POLL_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.MEDIUM,
                    "How often the prefix is listed for new objects once every object found was read.")
            .define(MAX_BATCH_SIZE, Type.INT, 1000, Range.atLeast(1), Importance.LOW, "The most records one poll returns.");

    S3SourceConfig(Map<?, ?> props) {
        super(DEF, props);
    }
}
