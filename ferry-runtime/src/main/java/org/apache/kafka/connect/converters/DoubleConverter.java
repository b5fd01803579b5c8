package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.DoubleDeserializer;
import org.apache.kafka.common.serialization.DoubleSerializer;
import org.apache.kafka.connect.data.Schema;

/** Double values (FLOAT64) in Kafka's binary encoding. */
public class DoubleConverter extends NumberConverter<Double> {

    public DoubleConverter() {
        super(Double.class, "FLOAT64", Schema.OPTIONAL_FLOAT64_SCHEMA, new DoubleSerializer(), new DoubleDeserializer());
    }
}
