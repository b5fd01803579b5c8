package io.ferry.connectors.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Connect record values (what a sink task receives after the worker's converter) as bytes and as JSON: bytes as they
 * are, text as UTF-8, null as nothing, structures (Struct, Map, List) as JSON, other values as their text.
 */
public final class RecordValues {

    public static final ObjectMapper JSON = new ObjectMapper();

    private RecordValues() {
    }

    public static byte[] toBytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof Struct || value instanceof Map || value instanceof List) {
            return toJson(value);
        }
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Any value as JSON: a string becomes a JSON string, bytes base64 (as Jackson writes them). */
    public static byte[] toJson(Object value) {
        try {
            return JSON.writeValueAsBytes(plain(value));
        } catch (JsonProcessingException e) {
            throw new DataException("Cannot write the record value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A value as text, e.g. a key in a name. */
    public static String text(Object value) {
        return value instanceof byte[] || value instanceof ByteBuffer || value instanceof Struct || value instanceof Map || value instanceof List
                ? new String(toBytes(value), StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** Structs become maps (field order kept), recursively; everything else stays as it is for Jackson. */
    public static Object plain(Object value) {
        if (value instanceof Struct struct) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : struct.schema().fields()) {
                fields.put(field.name(), plain(struct.get(field)));
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof ByteBuffer buffer) {
            return toBytes(buffer);
        }
        return value;
    }
}
