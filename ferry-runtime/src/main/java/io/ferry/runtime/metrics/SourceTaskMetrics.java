package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code source-task-metrics}: records polled from the task, records written to Kafka, time spent in {@code poll()},
 * and records polled but not yet acknowledged by Kafka. Polls are recorded on the task thread, writes on the
 * producer's callback thread.
 */
public final class SourceTaskMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final Sensor polled;
    private final Sensor written;
    private final Sensor pollTime;
    private final Sensor active;
    private final AtomicLong activeRecords = new AtomicLong();

    public SourceTaskMetrics(ConnectMetrics metrics, ConnectorTaskId id) {
        group = metrics.group("source-task-metrics", "connector", id.connector(), "task", String.valueOf(id.task()));
        polled = group.sensor("source-record-poll");
        polled.add(group.metricName("source-record-poll-rate",
                "Records polled from this task per second, before transformations."), new Rate());
        polled.add(group.metricName("source-record-poll-total",
                "Records polled from this task since it started, before transformations."), new CumulativeSum());
        written = group.sensor("source-record-write");
        written.add(group.metricName("source-record-write-rate",
                "Records written to Kafka per second, after transformations; dropped records are not counted."), new Rate());
        written.add(group.metricName("source-record-write-total",
                "Records written to Kafka since this task started, after transformations; dropped records are not "
                        + "counted."), new CumulativeSum());
        pollTime = group.sensor("poll-batch-time");
        pollTime.add(group.metricName("poll-batch-max-time-ms", "The longest time a poll() of this task took."), new Max());
        pollTime.add(group.metricName("poll-batch-avg-time-ms", "The average time a poll() of this task took."), new Avg());
        active = group.sensor("source-record-active-count");
        active.add(group.metricName("source-record-active-count",
                "Records polled from this task and not yet acknowledged by Kafka."), new Value());
        active.add(group.metricName("source-record-active-count-max",
                "The most records of this task not yet acknowledged by Kafka at one time."), new Max());
        active.add(group.metricName("source-record-active-count-avg",
                "The average number of records of this task not yet acknowledged by Kafka."), new Avg());
    }

    /** A {@code poll()} that returned {@code records} (maybe 0) after {@code durationMs}. */
    public void recordPoll(int records, long durationMs) {
        pollTime.record(durationMs);
        if (records > 0) {
            polled.record(records);
            active.record(activeRecords.addAndGet(records));
        }
    }

    /** A polled record Kafka acknowledged ({@code written}) or that was dropped, filtered or skipped on error. */
    public void recordDone(boolean written) {
        if (written) {
            this.written.record(1);
        }
        active.record(activeRecords.updateAndGet(n -> Math.max(0, n - 1)));
    }

    @Override
    public void close() {
        group.close();
    }
}
