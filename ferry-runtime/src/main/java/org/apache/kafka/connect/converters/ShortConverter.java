package org.apache.kafka.connect.converters;

import org.apache.kafka.common.serialization.ShortDeserializer;
import org.apache.kafka.common.serialization.ShortSerializer;
import org.apache.kafka.connect.data.Schema;

/** Short values (INT16) in Kafka's binary encoding. */
public class ShortConverter extends NumberConverter<Short> {

    public ShortConverter() {
        super(Short.class, "INT16", Schema.OPTIONAL_INT16_SCHEMA, new ShortSerializer(), new ShortDeserializer());
    }
}
