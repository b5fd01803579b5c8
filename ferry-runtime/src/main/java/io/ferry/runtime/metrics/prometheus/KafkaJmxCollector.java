package io.ferry.runtime.metrics.prometheus;

import io.ferry.runtime.metrics.prometheus.JmxNamingRules.Sample;
import io.ferry.runtime.metrics.prometheus.JmxNamingRules.Type;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the worker's Kafka Connect metrics and its Kafka clients' metrics from the JVM's MBean server at each scrape
 * and names them with {@link JmxNamingRules}. Reading JMX (rather than each registry) sees exactly what a JMX
 * exporter would, including the clients' own registries that only JMX reaches.
 */
final class KafkaJmxCollector implements MultiCollector {

    private static final Logger log = LoggerFactory.getLogger(KafkaJmxCollector.class);
    private static final List<String> DOMAINS = List.of("kafka.connect", "kafka.producer", "kafka.consumer",
            "kafka.admin.client");

    private final MBeanServer server;

    KafkaJmxCollector() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    KafkaJmxCollector(MBeanServer server) {
        this.server = server;
    }

    private record Family(String name, Type type, String help, Map<Labels, Point> points) {
    }

    /** A sample, and whether its attribute is exactly the one its name was made from (it wins a name clash). */
    private record Point(double value, boolean exact) {
    }

    @Override
    public MetricSnapshots collect() {
        Map<String, Family> families = new LinkedHashMap<>();
        for (String domain : DOMAINS) {
            for (ObjectName mbean : queryNames(domain)) {
                collect(mbean, families);
            }
        }
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.values().forEach(f -> snapshots.add(snapshot(f)));
        return new MetricSnapshots(snapshots);
    }

    private Iterable<ObjectName> queryNames(String domain) {
        try {
            return server.queryNames(new ObjectName(domain + ":*"), null);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    private void collect(ObjectName mbean, Map<String, Family> families) {
        try {
            MBeanAttributeInfo[] infos = server.getMBeanInfo(mbean).getAttributes();
            Map<String, String> help = new LinkedHashMap<>();
            for (MBeanAttributeInfo info : infos) {
                help.put(info.getName(), info.getDescription());
            }
            for (Attribute attribute : server.getAttributes(mbean, help.keySet().toArray(String[]::new)).asList()) {
                JmxNamingRules.sample(mbean, attribute.getName(), attribute.getValue())
                        .ifPresent(s -> add(families, s, attribute.getName(), help.get(attribute.getName())));
            }
        } catch (JMException e) {
            // The MBean went away between listing and reading it (a task stopped); the next scrape is consistent.
            log.debug("Skipping MBean {}: {}", mbean, e.toString());
        }
    }

    private static void add(Map<String, Family> families, Sample sample, String attribute, String description) {
        Family family = families.computeIfAbsent(sample.name() + "/" + sample.type(), k -> new Family(sample.name(),
                sample.type(), description == null || description.isBlank() ? attribute : description,
                new LinkedHashMap<>()));
        Labels labels = Labels.of(new ArrayList<>(sample.labels().keySet()), new ArrayList<>(sample.labels().values()));
        // Some attributes share a name under the rules (source-record-active-count and its -max and -avg): the
        // series keeps the attribute it is named after.
        boolean exact = sample.name().endsWith(JmxNamingRules.sanitize(attribute))
                || sample.name().endsWith(JmxNamingRules.sanitize(attribute.replaceFirst("-total$", "")));
        Point previous = family.points().get(labels);
        if (previous == null || (exact && !previous.exact())) {
            family.points().put(labels, new Point(sample.value(), exact));
        }
    }

    private static MetricSnapshot snapshot(Family family) {
        return switch (family.type()) {
            case COUNTER -> {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(family.name()).help(family.help());
                family.points().forEach((labels, p) -> b.dataPoint(
                        CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(p.value()).build()));
                yield b.build();
            }
            case GAUGE -> {
                GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(family.name()).help(family.help());
                family.points().forEach((labels, p) -> b.dataPoint(
                        GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(p.value()).build()));
                yield b.build();
            }
            case INFO -> {
                InfoSnapshot.Builder b = InfoSnapshot.builder().name(family.name()).help(family.help());
                family.points().forEach((labels, p) -> b.dataPoint(
                        InfoSnapshot.InfoDataPointSnapshot.builder().labels(labels).build()));
                yield b.build();
            }
            case UNTYPED -> {
                UnknownSnapshot.Builder b = UnknownSnapshot.builder().name(family.name()).help(family.help());
                family.points().forEach((labels, p) -> b.dataPoint(
                        UnknownSnapshot.UnknownDataPointSnapshot.builder().labels(labels).value(p.value()).build()));
                yield b.build();
            }
        };
    }
}
