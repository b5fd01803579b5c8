package io.ferry.runtime.worker;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.source.TransactionContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/**
 * What a source task may ask of the worker: its config, its committed offsets and, when it defines its own
 * transactions ({@code transaction.boundary=connector} with exactly-once delivery), its transaction context.
 */
final class WorkerSourceTaskContext implements SourceTaskContext {

    private final Map<String, String> config;
    private final OffsetStorageReader offsetReader;
    private final PluginMetrics metrics;
    private final TransactionContext transactionContext;

    /** {@code transactionContext} is null unless the task defines its own transactions. */
    WorkerSourceTaskContext(Map<String, String> config, OffsetStorageReader offsetReader, PluginMetrics metrics,
                            TransactionContext transactionContext) {
        this.config = config;
        this.offsetReader = offsetReader;
        this.metrics = metrics;
        this.transactionContext = transactionContext;
    }

    @Override
    public Map<String, String> configs() {
        return config;
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return offsetReader;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics;
    }

    @Override
    public TransactionContext transactionContext() {
        return transactionContext;
    }
}
