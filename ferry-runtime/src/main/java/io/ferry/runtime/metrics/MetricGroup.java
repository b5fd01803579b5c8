package io.ferry.runtime.metrics;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The metrics of one thing (the worker, a connector, a task), registered under one group name and tag set and
 * removed together. Sensor names are made unique per group, since Kafka's registry shares one sensor namespace.
 * A metric or sensor left behind by an earlier group of the same name (one that failed before it could be closed)
 * is replaced, never a reason to fail: a task must be able to start again whatever happened to its last start.
 */
public final class MetricGroup implements AutoCloseable {

    private final Metrics metrics;
    private final String name;
    private final Map<String, String> tags;
    private final String sensorPrefix;
    private final List<MetricName> registered = Collections.synchronizedList(new ArrayList<>());
    private final List<String> sensors = Collections.synchronizedList(new ArrayList<>());

    MetricGroup(Metrics metrics, String name, Map<String, String> tags) {
        this.metrics = metrics;
        this.name = name;
        this.tags = tags;
        this.sensorPrefix = name + tags + ":";
    }

    public MetricName metricName(String attribute, String description) {
        return metrics.metricName(attribute, name, description, tags);
    }

    /** A value read when reported, e.g. a status string or a count held elsewhere. */
    public <T> void gauge(String attribute, String description, Supplier<T> value) {
        MetricName metricName = metricName(attribute, description);
        metrics.removeMetric(metricName);
        metrics.addMetric(metricName, (Gauge<T>) (config, now) -> value.get());
        registered.add(metricName);
    }

    /** A number computed when reported, e.g. a ratio of time. */
    public void measurable(String attribute, String description, Measurable value) {
        MetricName metricName = metricName(attribute, description);
        metrics.removeMetric(metricName);
        metrics.addMetric(metricName, value);
        registered.add(metricName);
    }

    /** A sensor of this group; its statistics are added by the caller with {@link #metricName}. */
    public Sensor sensor(String sensorName) {
        String fullName = sensorPrefix + sensorName;
        metrics.removeSensor(fullName);
        sensors.add(fullName);
        return metrics.sensor(fullName);
    }

    /**
     * A sensor of events or records, reported as {@code <prefix>-rate} (per second over the sample window) and
     * {@code <prefix>-total} (since the group was created); record the number of events each time.
     */
    public Sensor rateAndTotal(String prefix, String rateDescription, String totalDescription) {
        Sensor sensor = sensor(prefix);
        sensor.add(metricName(prefix + "-rate", rateDescription), new Rate());
        sensor.add(metricName(prefix + "-total", totalDescription), new CumulativeSum());
        return sensor;
    }

    /**
     * A sensor of durations or sizes, reported as its maximum and average over the sample window ({@code NaN} while
     * the window holds no sample). {@code what} completes "The longest ..." and "The average ...".
     */
    public Sensor maxAndAvg(String sensorName, String maxAttribute, String avgAttribute, String what) {
        Sensor sensor = sensor(sensorName);
        sensor.add(metricName(maxAttribute, "The longest " + what), new Max());
        sensor.add(metricName(avgAttribute, "The average " + what), new Avg());
        return sensor;
    }

    /**
     * A sensor of a level (records in flight), reported as {@code <attribute>} (the last value recorded),
     * {@code <attribute>-max} and {@code <attribute>-avg} (over the sample window). {@code what} completes
     * "Records ...", e.g. "polled and not yet acknowledged by Kafka".
     */
    public Sensor levelWithMaxAndAvg(String attribute, String what) {
        Sensor sensor = sensor(attribute);
        sensor.add(metricName(attribute, "Records " + what + "."), new Value());
        sensor.add(metricName(attribute + "-max", "The most records " + what + " at one time."), new Max());
        sensor.add(metricName(attribute + "-avg", "The average number of records " + what + "."), new Avg());
        return sensor;
    }

    /** Removes every metric and sensor of this group; safe to call more than once. */
    @Override
    public void close() {
        synchronized (sensors) {
            sensors.forEach(metrics::removeSensor);
            sensors.clear();
        }
        synchronized (registered) {
            registered.forEach(metrics::removeMetric);
            registered.clear();
        }
    }
}
