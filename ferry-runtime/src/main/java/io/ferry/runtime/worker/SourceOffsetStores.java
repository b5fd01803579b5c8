package io.ferry.runtime.worker;

import io.ferry.runtime.config.SourceConnectorConfig;
import io.ferry.runtime.storage.ConnectorOffsetStore;
import io.ferry.runtime.storage.OffsetBackingStore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where source connectors keep their offsets: the worker's offset store, or a topic of the connector's own
 * ({@code offsets.storage.topic}, in a distributed cluster as in Apache Kafka Connect), read with the worker's store as
 * fallback. Stores of such topics are opened on first use and closed with the worker.
 */
final class SourceOffsetStores {

    private final OffsetBackingStore workerStore;
    private final Map<String, OffsetBackingStore> topicStores = new ConcurrentHashMap<>();
    private volatile String workerTopic;
    private volatile Function<String, OffsetBackingStore> openTopic;

    SourceOffsetStores(OffsetBackingStore workerStore) {
        this.workerStore = workerStore;
    }

    /** {@code openTopic} creates (if needed) and starts the store of a connector's own offsets topic. */
    void useConnectorTopics(String workerTopic, Function<String, OffsetBackingStore> openTopic) {
        this.workerTopic = workerTopic;
        this.openTopic = openTopic;
    }

    OffsetBackingStore workerStore() {
        return workerStore;
    }

    /** The offsets a source connector with this (resolved) config reads and writes. */
    OffsetBackingStore forConnector(Map<String, String> connectorConfig) {
        String topic = connectorConfig.get(SourceConnectorConfig.OFFSETS_TOPIC_CONFIG);
        Function<String, OffsetBackingStore> open = openTopic;
        if (open == null || topic == null || topic.isBlank() || topic.equals(workerTopic)) {
            return workerStore;
        }
        return new ConnectorOffsetStore(topicStores.computeIfAbsent(topic.trim(), open), workerStore);
    }

    void start() {
        workerStore.start();
    }

    void stop() {
        topicStores.values().forEach(OffsetBackingStore::stop);
        workerStore.stop();
    }
}
