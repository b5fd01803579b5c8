package io.ferry.runtime.storage;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Offsets held in memory only; the base of the file store. */
public class MemoryOffsetBackingStore implements OffsetBackingStore {

    protected final Map<ByteBuffer, ByteBuffer> data = new HashMap<>();

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public synchronized Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        return OffsetBackingStore.select(data, keys);
    }

    @Override
    public CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values) {
        try {
            synchronized (this) {
                values.forEach((k, v) -> {
                    if (v == null) {
                        data.remove(k);
                    } else {
                        data.put(k, v);
                    }
                });
                persist();
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized Map<ByteBuffer, ByteBuffer> all() {
        return new HashMap<>(data);
    }

    /** Called with the lock held after every change. */
    protected void persist() {
    }
}
