package io.ferry.runtime.storage;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a task's offsets between flushes. A flush takes a snapshot of what was collected; offsets that arrive
 * meanwhile wait for the next flush, and a cancelled flush puts its snapshot back underneath them.
 */
public class OffsetStorageWriter {

    private final String connector;
    private final OffsetBackingStore store;
    private final OffsetCodec codec;
    private Map<Map<String, Object>, Map<String, Object>> pending = new HashMap<>();
    private Map<Map<String, Object>, Map<String, Object>> flushing;

    public OffsetStorageWriter(String connector, OffsetBackingStore store, OffsetCodec codec) {
        this.connector = connector;
        this.store = store;
        this.codec = codec;
    }

    @SuppressWarnings("unchecked")
    public synchronized void offset(Map<String, ?> partition, Map<String, ?> offset) {
        pending.put((Map<String, Object>) partition, (Map<String, Object>) offset);
    }

    /** Starts a flush; returns false when there is nothing to write. */
    public synchronized boolean beginFlush() {
        if (flushing != null) {
            throw new IllegalStateException("A flush of " + connector + " offsets is already in progress");
        }
        if (pending.isEmpty()) {
            return false;
        }
        flushing = pending;
        pending = new HashMap<>();
        return true;
    }

    /** Writes the snapshot taken by {@link #beginFlush()}; a serialization error fails the returned future. */
    public CompletableFuture<Void> doFlush() {
        Map<ByteBuffer, ByteBuffer> serialized = new HashMap<>();
        try {
            synchronized (this) {
                for (Map.Entry<Map<String, Object>, Map<String, Object>> e : flushing.entrySet()) {
                    serialized.put(codec.encodeKey(connector, e.getKey()), codec.encodeValue(connector, e.getValue()));
                }
            }
        } catch (RuntimeException e) {
            cancelFlush();
            return CompletableFuture.failedFuture(e);
        }
        return store.set(serialized).whenComplete((ok, error) -> {
            if (error != null) {
                cancelFlush();
            } else {
                completeFlush();
            }
        });
    }

    public synchronized void cancelFlush() {
        if (flushing != null) {
            flushing.putAll(pending);
            pending = flushing;
            flushing = null;
        }
    }

    private synchronized void completeFlush() {
        flushing = null;
    }
}
