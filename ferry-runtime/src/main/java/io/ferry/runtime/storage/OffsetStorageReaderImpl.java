package io.ferry.runtime.storage;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gives a source connector or task the committed offsets of its own partitions. */
public class OffsetStorageReaderImpl implements OffsetStorageReader {

    private final String connector;
    private final OffsetBackingStore store;
    private final OffsetCodec codec;
    private volatile boolean closed;

    public OffsetStorageReaderImpl(String connector, OffsetBackingStore store, OffsetCodec codec) {
        this.connector = connector;
        this.store = store;
        this.codec = codec;
    }

    @Override
    public <T> Map<String, Object> offset(Map<String, T> partition) {
        return offsets(List.of(partition)).get(partition);
    }

    @Override
    public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
        if (closed) {
            throw new ConnectException("Offsets of " + connector + " can no longer be read: the reader is closed");
        }
        Map<ByteBuffer, Map<String, T>> byKey = new HashMap<>();
        for (Map<String, T> partition : partitions) {
            byKey.put(codec.encodeKey(connector, partition), partition);
        }
        Map<ByteBuffer, ByteBuffer> raw = store.get(byKey.keySet());
        Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
        raw.forEach((key, value) -> {
            Map<String, T> partition = byKey.get(key);
            if (partition != null && value != null) {
                result.put(partition, codec.decodeValue(connector, value));
            }
        });
        return result;
    }

    /** Reads the offsets written up to now, waiting at most {@code timeoutMs}; false when that was not enough. */
    public boolean readToEnd(long timeoutMs) {
        return store.readToEnd(timeoutMs);
    }

    public void close() {
        closed = true;
    }
}
