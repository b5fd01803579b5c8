package io.ferry.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
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
}
