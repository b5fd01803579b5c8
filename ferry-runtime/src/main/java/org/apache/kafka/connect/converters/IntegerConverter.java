package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.connect.data.Schema;

/** Integer values (INT32) in Kafka's binary encoding. */
public class IntegerConverter extends NumberConverter<Integer> {

    public IntegerConverter() {
        super(Integer.class, "INT32", Schema.OPTIONAL_INT32_SCHEMA, new IntegerSerializer(), new IntegerDeserializer());
    }
}
