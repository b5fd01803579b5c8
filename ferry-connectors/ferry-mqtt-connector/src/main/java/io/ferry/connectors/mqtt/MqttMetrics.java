package io.ferry.connectors.mqtt;

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
final class MqttMetrics {

    private static final Logger log = LoggerFactory.getLogger(MqttMetrics.class);

    private final PluginMetrics metrics;

    private MqttMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    static MqttMetrics of(Supplier<PluginMetrics> pluginMetrics) {
        try {
            return new MqttMetrics(pluginMetrics.get());
        } catch (LinkageError | UnsupportedOperationException e) {
            log.info("This Kafka Connect runtime offers no plugin metrics; the MQTT task runs without its own");
            return new MqttMetrics(null);
        }
    }

    MqttMetrics gauge(String name, String description, Supplier<Number> value) {
        if (metrics != null) {
            metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), (Gauge<Number>) (config, now) -> value.get());
        }
        return this;
    }
}
