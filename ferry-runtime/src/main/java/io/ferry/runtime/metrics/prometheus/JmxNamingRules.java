package io.ferry.runtime.metrics.prometheus;

import javax.management.ObjectName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names Kafka's JMX metrics for Prometheus exactly as the JMX exporter rules most Kafka Connect deployments use do
 * (Strimzi's {@code kafka-connect-metrics.yaml}, itself derived from the Prometheus project's example), so Grafana
 * dashboards and alerts written for Apache Kafka Connect work against Ferry's own {@code /metrics} unchanged.
 *
 * <p>As with the exporter, each attribute is described by one line, {@code domain<key=value, ...><>attribute: value};
 * the first rule whose pattern occurs in that line names it; names and label names are lower-cased, and characters a
 * Prometheus name cannot hold become {@code _}. Attributes no rule matches, and non-numeric values without a fixed
 * value, are not exported.
 */
final class JmxNamingRules {

    enum Type { COUNTER, GAUGE, INFO, UNTYPED }

    /** One Prometheus sample: its family name (counters without {@code _total}), labels in order, and value. */
    record Sample(String name, Type type, Map<String, String> labels, double value) {
    }

    private record Rule(Pattern pattern, String name, Type type, String[] labels, Double fixedValue, double factor) {
    }

    private static final List<Rule> RULES = new ArrayList<>();

    private static final String CLIENT_GAUGES =
            ".+-avg|.+-bytes|.+-count|.+-ratio|.+-age|.+-flight|.+-threads|.+-connectors|.+-tasks|.+-ago";
    private static final String TASK_GAUGES = ".+-count|.+-ms|.+-ratio|.+-seq-no|.+-rate|.+-max|.+-avg|.+-failures"
            + "|.+-requests|.+-timestamp|.+-logged|.+-errors|.+-retries|.+-skipped";

    static {
        // Client identity (app-info): start time in seconds, version and commit as info series.
        rule("kafka.(.+)<type=app-info, client-id=(.+)><>start-time-ms", "kafka_$1_start_time_seconds", Type.GAUGE,
                null, 0.001, "clientId", "$2");
        rule("kafka.(.+)<type=app-info, client-id=(.+)><>(commit-id|version): (.+)", "kafka_$1_$3_info", Type.INFO,
                1.0, 1, "clientId", "$2", "$3", "$4");
        // Consumers per partition, producers per topic.
        String fetch = "kafka.consumer<type=consumer-fetch-manager-metrics, client-id=(.+), topic=(.+), partition=(.+)><>";
        rule(fetch + "(.+-total)", "kafka_consumer_fetch_manager_$4", Type.COUNTER, null, 1,
                "clientId", "$1", "topic", "$2", "partition", "$3");
        rule(fetch + "(compression-rate|.+-avg|.+-replica|.+-lag|.+-lead)", "kafka_consumer_fetch_manager_$4",
                Type.GAUGE, null, 1, "clientId", "$1", "topic", "$2", "partition", "$3");
        String topic = "kafka.producer<type=producer-topic-metrics, client-id=(.+), topic=(.+)><>";
        rule(topic + "(.+-total)", "kafka_producer_topic_$3", Type.COUNTER, null, 1, "clientId", "$1", "topic", "$2");
        rule(topic + "(compression-rate|.+-avg|.+rate)", "kafka_producer_topic_$3", Type.GAUGE, null, 1,
                "clientId", "$1", "topic", "$2");
        // Every client's per-broker-node and overall metrics (the worker's group member included).
        String node = "kafka.(.+)<type=(.+)-metrics, client-id=(.+), node-id=(.+)><>";
        rule(node + "(.+-total)", "kafka_$2_$5", Type.COUNTER, null, 1, "clientId", "$3", "nodeId", "$4");
        rule(node + "(.+-avg|.+-rate)", "kafka_$2_$5", Type.GAUGE, null, 1, "clientId", "$3", "nodeId", "$4");
        String client = "kafka.(.+)<type=(.+)-metrics, client-id=(.*)><>";
        rule(client + "(.+-total)", "kafka_$2_$4", Type.COUNTER, null, 1, "clientId", "$3");
        rule(client + "(" + CLIENT_GAUGES + ")", "kafka_$2_$4", Type.GAUGE, null, 1, "clientId", "$3");
        // Connectors and tasks.
        rule("kafka.connect<type=connector-metrics, connector=(.+)><>(connector-class|connector-type|connector-version"
                + "|status): (.+)", "kafka_connect_connector_$2", Type.GAUGE, 1.0, 1, "connector", "$1", "$2", "$3");
        rule("kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>status: ([a-z-]+)",
                "kafka_connect_connector_task_status", Type.GAUGE, 1.0, 1,
                "connector", "$1", "task", "$2", "status", "$3");
        // Plugins' own metrics (KIP-877, PluginMetrics), which the usual rule sets do not name yet.
        String pluginInTask = "kafka.connect<type=plugins, connector=([^,]+), task=([^,]+)><>";
        rule(pluginInTask + "(.+-total)", "kafka_connect_plugins_$3", Type.COUNTER, null, 1, "connector", "$1", "task", "$2");
        rule(pluginInTask + "([a-z0-9-]+)", "kafka_connect_plugins_$3", Type.GAUGE, null, 1, "connector", "$1", "task", "$2");
        String pluginInConnector = "kafka.connect<type=plugins, connector=([^,]+)><>";
        rule(pluginInConnector + "(.+-total)", "kafka_connect_plugins_$2", Type.COUNTER, null, 1, "connector", "$1");
        rule(pluginInConnector + "([a-z0-9-]+)", "kafka_connect_plugins_$2", Type.GAUGE, null, 1, "connector", "$1");
        String task = "kafka.connect<type=(.+)-metrics, connector=(.+), task=(.+)><>";
        rule(task + "(.+-total)", "kafka_connect_$1_$4", Type.COUNTER, null, 1, "connector", "$2", "task", "$3");
        rule(task + "(" + TASK_GAUGES + ")", "kafka_connect_$1_$4", Type.GAUGE, null, 1,
                "connector", "$2", "task", "$3");
        // The worker, and its rebalances.
        rule("kafka.connect<type=connect-worker-metrics, connector=(.+)><>([a-z-]+)", "kafka_connect_worker_$2",
                Type.GAUGE, null, 1, "connector", "$1");
        rule("kafka.connect<type=connect-worker-metrics><>([a-z-]+-total)", "kafka_connect_worker_$1", Type.COUNTER,
                null, 1);
        rule("kafka.connect<type=connect-worker-metrics><>([a-z-]+)", "kafka_connect_worker_$1", Type.GAUGE, null, 1);
        rule("kafka.connect<type=connect-worker-rebalance-metrics><>(leader-name|connect-protocol): (.+)",
                "kafka_connect_worker_rebalance_$1", Type.UNTYPED, 1.0, 1, "$1", "$2");
        rule("kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+-total)",
                "kafka_connect_worker_rebalance_$1", Type.COUNTER, null, 1);
        rule("kafka.connect<type=connect-worker-rebalance-metrics><>([a-z-]+)", "kafka_connect_worker_rebalance_$1",
                Type.GAUGE, null, 1);
    }

    private static void rule(String pattern, String name, Type type, Double fixedValue, double factor,
                             String... labels) {
        // Unanchored, as the exporter's patterns are.
        RULES.add(new Rule(Pattern.compile("^.*(?:" + pattern + ").*$"), name, type, labels, fixedValue, factor));
    }

    private JmxNamingRules() {
    }

    /** The sample for one attribute of one MBean, or empty when the rules do not export it. */
    static Optional<Sample> sample(ObjectName mbean, String attribute, Object value) {
        String line = line(mbean, attribute, value);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(line);
            if (!m.matches()) {
                continue;
            }
            Double number = rule.fixedValue() != null ? rule.fixedValue() : number(value);
            if (number == null) {
                return Optional.empty();
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < rule.labels().length; i += 2) {
                labels.put(sanitize(substitute(m, rule.labels()[i])), substitute(m, rule.labels()[i + 1]));
            }
            String name = sanitize(substitute(m, rule.name()));
            if (rule.type() == Type.COUNTER && name.endsWith("_total")) {
                name = name.substring(0, name.length() - "_total".length());
            } else if (rule.type() == Type.INFO && name.endsWith("_info")) {
                name = name.substring(0, name.length() - "_info".length());
            }
            return Optional.of(new Sample(name, rule.type(), labels, number * rule.factor()));
        }
        return Optional.empty();
    }

    /** {@code domain<key=value, key=value><>attribute: value}, keys in the order the MBean was named with. */
    static String line(ObjectName mbean, String attribute, Object value) {
        return mbean.getDomain() + "<" + mbean.getKeyPropertyListString().replace(",", ", ") + "><>" + attribute
                + ": " + value;
    }

    private static Double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    private static String substitute(Matcher m, String template) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                String group = m.group(template.charAt(++i) - '0');
                out.append(group == null ? "" : group);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Lower case; anything but letters, digits, {@code :} and {@code _} becomes one {@code _}. */
    static String sanitize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9:_]", "_").replaceAll("__+", "_");
    }
}
