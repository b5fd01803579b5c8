package io.ferry.runtime.storage;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Turns source partitions and offsets into the bytes Apache Kafka Connect stores: the key is the schemaless JSON
 * array {@code ["connector",{partition}]}, the value the schemaless JSON of the offset map. The bytes are the identity
 * of a partition (compaction, file lookups), so they must come from the same JSON encoding.
 */
public final class OffsetCodec {

    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();

    public OffsetCodec() {
        keyConverter.configure(Map.of("schemas.enable", "false"), true);
        valueConverter.configure(Map.of("schemas.enable", "false"), false);
    }

    public ByteBuffer encodeKey(String connector, Map<String, ?> partition) {
        validate(partition, "Partition");
        return ByteBuffer.wrap(keyConverter.fromConnectData(connector, null, Arrays.asList(connector, partition)));
    }

    public ByteBuffer encodeValue(String connector, Map<String, ?> offset) {
        if (offset == null) {
            return null;
        }
        validate(offset, "Offset");
        return ByteBuffer.wrap(valueConverter.fromConnectData(connector, null, offset));
    }

    /** The [connector, partition] pair of a key, or null for keys that are not in that shape. */
    public KeyParts decodeKey(ByteBuffer key) {
        try {
            SchemaAndValue sv = keyConverter.toConnectData("", toArray(key));
            if (!(sv.value() instanceof List<?> list) || list.size() != 2 || !(list.get(0) instanceof String name)) {
                return null;
            }
            Object partition = list.get(1);
            if (partition != null && !(partition instanceof Map)) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> partitionMap = (Map<String, Object>) partition;
            return new KeyParts(name, partitionMap);
        } catch (DataException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> decodeValue(String connector, ByteBuffer value) {
        if (value == null) {
            return null;
        }
        Object decoded = valueConverter.toConnectData(connector, toArray(value)).value();
        if (decoded != null && !(decoded instanceof Map)) {
            throw new DataException("Offset for connector " + connector + " is not a map: " + decoded);
        }
        return (Map<String, Object>) decoded;
    }

    /** Partitions and offsets may hold only primitive values, as Apache requires. */
    private static void validate(Map<String, ?> map, String what) {
        if (map == null) {
            return;
        }
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String)) {
                throw new DataException(what + " keys must be strings, found " + e.getKey());
            }
            Object v = e.getValue();
            if (v != null && !(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                throw new DataException(what + " values must be primitive (string, number, boolean), found "
                        + v.getClass().getName() + " for key '" + e.getKey() + "'");
            }
        }
    }

    public static byte[] toArray(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    public record KeyParts(String connector, Map<String, Object> partition) {
        public KeyParts {
            partition = partition == null ? null : new java.util.LinkedHashMap<>(partition);
        }
    }

    /** All partitions that have offsets for a connector in a store. */
    public List<Map<String, Object>> partitionsOf(String connector, Map<ByteBuffer, ByteBuffer> all) {
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map.Entry<ByteBuffer, ByteBuffer> e : all.entrySet()) {
            KeyParts parts = decodeKey(e.getKey());
            if (parts != null && parts.partition() != null && connector.equals(parts.connector()) && e.getValue() != null) {
                result.add(parts.partition());
            }
        }
        return result;
    }
}
