package io.ferry.connectors.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * JMS messages as Connect data: a text message's text as a STRING, a bytes message's body as BYTES, a map message
 * as a STRUCT with a field per entry (in name order, typed by the entry's Java type), a message without a body as
 * null. Object and stream messages are refused: their content has no schema to give.
 */
final class JmsMessages {

    static final String HEADER_MESSAGE_ID = "jms.message.id";
    static final String HEADER_CORRELATION_ID = "jms.correlation.id";
    static final String HEADER_TYPE = "jms.type";
    static final String HEADER_TIMESTAMP = "jms.timestamp";
    static final String HEADER_REDELIVERED = "jms.redelivered";
    static final String HEADER_DESTINATION = "jms.destination";

    private JmsMessages() {
    }

    static SchemaAndValue value(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, text.getText());
        }
        if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, body);
        }
        if (message instanceof MapMessage map) {
            return struct(map);
        }
        if (message instanceof ObjectMessage || message instanceof StreamMessage) {
            throw new DataException("JMS message " + message.getJMSMessageID() + " is a " + kind(message)
                    + "; the JMS source reads text, bytes and map messages");
        }
        return SchemaAndValue.NULL;
    }

    private static String kind(Message message) {
        return message instanceof ObjectMessage ? "ObjectMessage" : "StreamMessage";
    }

    private static SchemaAndValue struct(MapMessage map) throws JMSException {
        List<String> names = new ArrayList<>();
        for (Enumeration<?> e = map.getMapNames(); e.hasMoreElements(); ) {
            names.add((String) e.nextElement());
        }
        Collections.sort(names);
        SchemaBuilder builder = SchemaBuilder.struct().optional();
        for (String name : names) {
            builder.field(name, schemaOf(map.getObject(name), name));
        }
        Schema schema = builder.build();
        Struct struct = new Struct(schema);
        for (String name : names) {
            Object value = map.getObject(name);
            struct.put(name, value instanceof Character c ? c.toString() : value);
        }
        return new SchemaAndValue(schema, struct);
    }

    /** The Connect schema of a JMS map entry or property value. */
    static Schema schemaOf(Object value, String name) {
        if (value instanceof String || value instanceof Character) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        } else if (value instanceof Integer) {
            return Schema.OPTIONAL_INT32_SCHEMA;
        } else if (value instanceof Long) {
            return Schema.OPTIONAL_INT64_SCHEMA;
        } else if (value instanceof Short) {
            return Schema.OPTIONAL_INT16_SCHEMA;
        } else if (value instanceof Byte) {
            return Schema.OPTIONAL_INT8_SCHEMA;
        } else if (value instanceof Double) {
            return Schema.OPTIONAL_FLOAT64_SCHEMA;
        } else if (value instanceof Float) {
            return Schema.OPTIONAL_FLOAT32_SCHEMA;
        } else if (value instanceof Boolean) {
            return Schema.OPTIONAL_BOOLEAN_SCHEMA;
        } else if (value instanceof byte[]) {
            return Schema.OPTIONAL_BYTES_SCHEMA;
        } else if (value == null) {
            return Schema.OPTIONAL_STRING_SCHEMA;
        }
        throw new DataException("The JMS value '" + name + "' is a " + value.getClass().getName() + ", which has no Connect schema");
    }

    /** The message's JMS headers, and its properties under their own names. */
    static ConnectHeaders headers(Message message) throws JMSException {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(HEADER_MESSAGE_ID, message.getJMSMessageID());
        if (message.getJMSCorrelationID() != null) {
            headers.addString(HEADER_CORRELATION_ID, message.getJMSCorrelationID());
        }
        if (message.getJMSType() != null) {
            headers.addString(HEADER_TYPE, message.getJMSType());
        }
        headers.addLong(HEADER_TIMESTAMP, message.getJMSTimestamp());
        headers.addBoolean(HEADER_REDELIVERED, message.getJMSRedelivered());
        if (message.getJMSDestination() != null) {
            headers.addString(HEADER_DESTINATION, message.getJMSDestination().toString());
        }
        for (Enumeration<?> e = message.getPropertyNames(); e.hasMoreElements(); ) {
            String name = (String) e.nextElement();
            Object value = message.getObjectProperty(name);
            headers.add(name, value, schemaOf(value, name));
        }
        return headers;
    }
}
