package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Min;

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
        polled = group.rateAndTotal("source-record-poll",
                "Records polled from this task per second, before transformations.",
                "Records polled from this task since it started, before transformations.");
        written = group.rateAndTotal("source-record-write",
                "Records written to Kafka per second, after transformations; dropped records are not counted.",
                "Records written to Kafka since this task started, after transformations; dropped records are not "
                        + "counted.");
        pollTime = group.maxAndAvg("poll-batch-time", "poll-batch-max-time-ms", "poll-batch-avg-time-ms",
                "time a poll() of this task took.");
        active = group.levelWithMaxAndAvg("source-record-active-count",
                "of this task polled and not yet acknowledged by Kafka");
    }

    /**
     * Adds {@code transaction-size-min}, {@code -max} and {@code -avg} (records per committed transaction), which
     * only exactly-once tasks have; returns the sensor to record each committed transaction's size on.
     */
    public Sensor transactionSizes() {
        Sensor sizes = group.sensor("transaction-size");
        sizes.add(group.metricName("transaction-size-min", "The fewest records in a transaction of this task."),
                new Min());
        sizes.add(group.metricName("transaction-size-max", "The most records in a transaction of this task."),
                new Max());
        sizes.add(group.metricName("transaction-size-avg", "The average number of records in a transaction of this "
                + "task."), new Avg());
        return sizes;
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
