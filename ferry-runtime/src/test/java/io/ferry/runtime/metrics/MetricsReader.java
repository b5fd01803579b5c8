package io.ferry.runtime.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.utils.Time;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads metrics back from a registry in tests, by group, tags and attribute as JMX would show them. */
public final class MetricsReader {

    private final ConnectMetrics metrics;

    public MetricsReader(ConnectMetrics metrics) {
        this.metrics = metrics;
    }

    /** A registry of its own (tests run in one JVM, so JMX names may repeat across tests; that only logs). */
    public static ConnectMetrics registry(Time time) {
        return ConnectMetrics.forTesting("test-worker", time);
    }

    /** The metric's current value, or null when no such metric is registered. */
    public Object value(String group, String attribute, String... tags) {
        KafkaMetric metric = metrics.metrics().metric(name(group, attribute, tags));
        return metric == null ? null : metric.metricValue();
    }

    public double number(String group, String attribute, String... tags) {
        Object value = value(group, attribute, tags);
        if (!(value instanceof Number n)) {
            throw new AssertionError("No numeric metric " + group + " " + attribute + " " + String.join(",", tags)
                    + " (found " + value + ")");
        }
        return n.doubleValue();
    }

    public boolean hasGroup(String group, String... tags) {
        Map<String, String> tagMap = tags(tags);
        return metrics.metrics().metrics().keySet().stream()
                .anyMatch(n -> n.group().equals(group) && n.tags().equals(tagMap));
    }

    private MetricName name(String group, String attribute, String... tags) {
        return metrics.metrics().metricName(attribute, group, "", tags(tags));
    }

    private static Map<String, String> tags(String... tags) {
        Map<String, String> result = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            result.put(tags[i], tags[i + 1]);
        }
        return result;
    }
}
