package io.ferry.runtime.metrics;

import io.ferry.runtime.config.WorkerConfig;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker's metrics registry: Kafka's own {@link Metrics}, reported in JMX under {@code kafka.connect} (and to any
 * {@code metric.reporters}), so the MBean names, tags and attributes are those Apache Kafka Connect registers and
 * dashboards built for it work unchanged. Every group is made through {@link #group}, which keeps its tags in order.
 */
public final class ConnectMetrics implements AutoCloseable {

    public static final String JMX_PREFIX = "kafka.connect";

    private final String workerId;
    private final Time time;
    private final Metrics metrics;

    public ConnectMetrics(String workerId, WorkerConfig config, Time time) {
        this.workerId = workerId;
        this.time = time;
        MetricConfig metricConfig = new MetricConfig()
                .samples(config.getInt(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG))
                .timeWindow(config.getLong(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
                .recordLevel(Sensor.RecordingLevel.forName(config.getString(CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG)));
        List<MetricsReporter> reporters = new ArrayList<>(config.getConfiguredInstances(
                CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, MetricsReporter.class,
                Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, workerId)));
        JmxReporter jmx = new JmxReporter();
        jmx.configure(config.originals()); // metrics.jmx.include and metrics.jmx.exclude
        reporters.add(jmx);
        this.metrics = new Metrics(metricConfig, reporters, time, new KafkaMetricsContext(JMX_PREFIX));
        AppInfoParser.registerAppInfo(JMX_PREFIX, workerId, metrics, time.milliseconds());
    }

    /** A registry for tests and tools: JMX only, default sampling. */
    public static ConnectMetrics forTesting(String workerId, Time time) {
        return new ConnectMetrics(workerId, new Metrics(new MetricConfig(), List.of(new JmxReporter()), time,
                new KafkaMetricsContext(JMX_PREFIX)), time);
    }

    private ConnectMetrics(String workerId, Metrics metrics, Time time) {
        this.workerId = workerId;
        this.time = time;
        this.metrics = metrics;
    }

    /**
     * A group of metrics, {@code kafka.connect:type=<name>,<tag>=<value>,...}, with the tags in the order given
     * ({@code tags} alternates keys and values). Its metrics are removed together by {@link MetricGroup#close()}.
     */
    public MetricGroup group(String name, String... tags) {
        return new MetricGroup(metrics, name, tagMap(tags));
    }

    private static Map<String, String> tagMap(String... tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("Tags come in key/value pairs: " + List.of(tags));
        }
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            tagMap.put(tags[i], tags[i + 1]);
        }
        return tagMap;
    }

    /**
     * Metrics a plugin registers itself (KIP-877), tagged with its connector and task in that order
     * ({@code kafka.connect:type=plugins,connector=...,task=...}); {@code tags} alternates keys and values.
     */
    public PluginMetrics pluginMetrics(String... tags) {
        return new PluginMetricsImpl(metrics, tagMap(tags));
    }

    /** The underlying registry. */
    public Metrics metrics() {
        return metrics;
    }

    public Time time() {
        return time;
    }

    @Override
    public void close() {
        AppInfoParser.unregisterAppInfo(JMX_PREFIX, workerId, metrics);
        metrics.close();
    }
}
