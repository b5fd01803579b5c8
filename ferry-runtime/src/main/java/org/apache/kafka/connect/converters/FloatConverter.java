package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.FloatDeserializer;
import org.apache.kafka.common.serialization.FloatSerializer;
import org.apache.kafka.connect.data.Schema;

/** Float values (FLOAT32) in Kafka's binary encoding. */
public class FloatConverter extends NumberConverter<Float> {

    public FloatConverter() {
        super(Float.class, "FLOAT32", Schema.OPTIONAL_FLOAT32_SCHEMA, new FloatSerializer(), new FloatDeserializer());
    }
}
