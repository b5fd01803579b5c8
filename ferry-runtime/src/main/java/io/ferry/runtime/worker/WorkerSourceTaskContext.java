package io.ferry.runtime.worker;

import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

import java.util.Map;

/** What a source task may ask of the worker: its config and its committed offsets. */
final class WorkerSourceTaskContext implements SourceTaskContext {

    private final Map<String, String> config;
    private final OffsetStorageReader offsetReader;
    private final PluginMetrics metrics;

    WorkerSourceTaskContext(Map<String, String> config, OffsetStorageReader offsetReader, PluginMetrics metrics) {
        this.config = config;
        this.offsetReader = offsetReader;
        this.metrics = metrics;
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
}
