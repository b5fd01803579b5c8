package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.connect.data.Schema;

/** Long values (INT64) in Kafka's binary encoding. */
public class LongConverter extends NumberConverter<Long> {

    public LongConverter() {
        super(Long.class, "INT64", Schema.OPTIONAL_INT64_SCHEMA, new LongSerializer(), new LongDeserializer());
    }
}
