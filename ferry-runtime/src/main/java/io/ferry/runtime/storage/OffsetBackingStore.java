package io.ferry.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Where source offsets live, as serialized key/value byte pairs (the format Apache Kafka Connect uses). */
public interface OffsetBackingStore {

    void start();

    void stop();

    /** Current values of the given keys; absent keys are left out. */
    Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys);

    /** Stores the given pairs (a null value deletes); completes when they are durable. */
    CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values);

    /** Every stored pair; used to list the partitions a connector has offsets for. */
    Map<ByteBuffer, ByteBuffer> all();

    /**
     * Reads what was written to the store up to now, waiting at most {@code timeoutMs}; false when that was not
     * enough (a topic read {@code read_committed} is read up to an open transaction only once it completes).
     */
    default boolean readToEnd(long timeoutMs) {
        return true;
    }

    /** The Kafka topic the offsets are written to, or null when they are not kept in Kafka. */
    default String topic() {
        return null;
    }

    /** The pairs of {@code data} with the given keys, leaving out absent ones. */
    static Map<ByteBuffer, ByteBuffer> select(Map<ByteBuffer, ByteBuffer> data, Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        for (ByteBuffer key : keys) {
            ByteBuffer value = data.get(key);
            if (value != null) {
                result.put(key, value);
            }
        }
        return result;
    }
}
