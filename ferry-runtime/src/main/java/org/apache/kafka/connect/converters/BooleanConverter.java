package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.BooleanDeserializer;
import org.apache.kafka.common.serialization.BooleanSerializer;
import org.apache.kafka.connect.data.Schema;

/** Boolean values (BOOLEAN) in Kafka's binary encoding. */
public class BooleanConverter extends NumberConverter<Boolean> {

    public BooleanConverter() {
        super(Boolean.class, "BOOLEAN", Schema.OPTIONAL_BOOLEAN_SCHEMA, new BooleanSerializer(), new BooleanDeserializer());
    }
}
