package io.ferry.connectors.common;

import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * Registers a task's gauges with the runtime's plugin metrics (KIP-877), which tags them with the connector and
 * task and removes them when the task stops. A runtime older than Kafka 4.1 has no plugin metrics: the task runs
 * without them.
 */
public final class TaskGauges {

    private static final Logger log = LoggerFactory.getLogger(TaskGauges.class);

    private final PluginMetrics metrics;

    private TaskGauges(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    /** @param pluginMetrics {@code context::pluginMetrics} */
    public static TaskGauges of(Supplier<PluginMetrics> pluginMetrics) {
        try {
            return new TaskGauges(pluginMetrics.get());
        } catch (LinkageError | UnsupportedOperationException e) {
            log.info("This Kafka Connect runtime offers no plugin metrics; the task runs without its own");
            return new TaskGauges(null);
        }
    }

    public TaskGauges gauge(String name, String description, Supplier<Number> value) {
        if (metrics != null) {
            metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), (Gauge<Number>) (config, now) -> value.get());
        }
        return this;
    }
}
