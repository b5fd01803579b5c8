package io.ferry.runtime.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The offsets of a source connector that has its own offsets topic ({@code offsets.storage.topic}), with Apache Kafka
 * Connect's rules: reads prefer the connector's topic and fall back to the worker's offsets, so a connector that
 * moves to its own topic resumes where it was; writes go to the connector's topic and then, as a copy, to the
 * worker's (a failed copy is only logged). Deletions reach the worker's offsets first, so a deleted offset can never
 * come back through the fallback. Both stores are started and stopped by their owner, not here.
 */
public final class ConnectorOffsetStore implements OffsetBackingStore {

    private static final Logger log = LoggerFactory.getLogger(ConnectorOffsetStore.class);

    private final OffsetBackingStore connectorStore;
    private final OffsetBackingStore workerStore;

    public ConnectorOffsetStore(OffsetBackingStore connectorStore, OffsetBackingStore workerStore) {
        this.connectorStore = connectorStore;
        this.workerStore = workerStore;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    /** Writes go to the connector's own topic. */
    @Override
    public String topic() {
        return connectorStore.topic();
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>(workerStore.get(keys));
        result.putAll(connectorStore.get(keys));
        return result;
    }

    @Override
    public CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values) {
        return set(values, connectorStore::set);
    }

    /**
     * Writes to the connector's topic through {@code toConnectorTopic} (an exactly-once task writes them in its
     * transaction), with the worker's offsets kept in step by the same rules.
     */
    public CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values,
                                       Function<Map<ByteBuffer, ByteBuffer>, CompletableFuture<Void>> toConnectorTopic) {
        Map<ByteBuffer, ByteBuffer> deletions = new HashMap<>();
        Map<ByteBuffer, ByteBuffer> updates = new HashMap<>();
        values.forEach((k, v) -> (v == null ? deletions : updates).put(k, v));
        CompletableFuture<Void> first = deletions.isEmpty() ? CompletableFuture.completedFuture(null)
                : workerStore.set(deletions);
        return first.thenCompose(v -> toConnectorTopic.apply(values)).thenRun(() -> {
            if (!updates.isEmpty()) {
                workerStore.set(updates).whenComplete((r, e) -> {
                    if (e != null) {
                        log.warn("Offsets were committed to the connector's own topic but could not be copied to the "
                                + "worker's offsets topic: {}", e.getMessage());
                    }
                });
            }
        });
    }

    @Override
    public boolean readToEnd(long timeoutMs) {
        return connectorStore.readToEnd(timeoutMs) && workerStore.readToEnd(timeoutMs);
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> all() {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>(workerStore.all());
        result.putAll(connectorStore.all());
        return result;
    }
}
