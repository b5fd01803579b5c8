package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;

/**
 * {@code sink-task-metrics}: records read from Kafka and handed to {@code put()}, time spent in {@code put()}, the
 * assigned partitions, offset commits, and records read but not yet committed. Everything is recorded on the task
 * thread (commit callbacks run inside the consumer's poll).
 */
public final class SinkTaskMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final Sensor read;
    private final Sensor sent;
    private final Sensor putTime;
    private final Sensor partitions;
    private final Sensor commitSeqNo;
    private final Sensor commitCompleted;
    private final Sensor commitSkipped;
    private final Sensor active;

    public SinkTaskMetrics(ConnectMetrics metrics, ConnectorTaskId id) {
        group = metrics.group("sink-task-metrics", "connector", id.connector(), "task", String.valueOf(id.task()));
        read = group.sensor("sink-record-read");
        read.add(group.metricName("sink-record-read-rate",
                "Records read from Kafka per second by this task, before transformations."), new Rate());
        read.add(group.metricName("sink-record-read-total",
                "Records read from Kafka by this task since it started, before transformations."), new CumulativeSum());
        sent = group.sensor("sink-record-send");
        sent.add(group.metricName("sink-record-send-rate",
                "Records handed to the task's put() per second, after transformations."), new Rate());
        sent.add(group.metricName("sink-record-send-total",
                "Records handed to the task's put() since it started, after transformations."), new CumulativeSum());
        putTime = group.sensor("put-batch-time");
        putTime.add(group.metricName("put-batch-max-time-ms", "The longest time a put() of this task took."), new Max());
        putTime.add(group.metricName("put-batch-avg-time-ms", "The average time a put() of this task took."), new Avg());
        partitions = group.sensor("partition-count");
        partitions.add(group.metricName("partition-count", "The topic partitions assigned to this task."), new Value());
        partitions.record(0);
        commitSeqNo = group.sensor("offset-commit-seq-no");
        commitSeqNo.add(group.metricName("offset-commit-seq-no",
                "The sequence number of this task's latest offset commit."), new Value());
        commitCompleted = group.sensor("offset-commit-completion");
        commitCompleted.add(group.metricName("offset-commit-completion-rate",
                "Offset commits of this task completed per second."), new Rate());
        commitCompleted.add(group.metricName("offset-commit-completion-total",
                "Offset commits of this task completed since it started."), new CumulativeSum());
        commitSkipped = group.sensor("offset-commit-skip");
        commitSkipped.add(group.metricName("offset-commit-skip-rate",
                "Offset commit completions per second that arrived after a newer commit and were ignored."), new Rate());
        commitSkipped.add(group.metricName("offset-commit-skip-total",
                "Offset commit completions that arrived after a newer commit and were ignored."), new CumulativeSum());
        active = group.sensor("sink-record-active-count");
        active.add(group.metricName("sink-record-active-count",
                "Records read from Kafka and not yet committed by this task."), new Value());
        active.add(group.metricName("sink-record-active-count-max",
                "The most records of this task read and not yet committed at one time."), new Max());
        active.add(group.metricName("sink-record-active-count-avg",
                "The average number of records of this task read and not yet committed."), new Avg());
    }

    public void recordRead(int records) {
        read.record(records);
    }

    /** A {@code put()} of {@code records} that took {@code durationMs}. */
    public void recordPut(int records, long durationMs) {
        sent.record(records);
        putTime.record(durationMs);
    }

    public void recordPartitionCount(int assigned) {
        partitions.record(assigned);
    }

    public void recordCommitSequence(long seqNo) {
        commitSeqNo.record(seqNo);
    }

    public void recordCommitCompleted() {
        commitCompleted.record(1);
    }

    public void recordCommitSkipped() {
        commitSkipped.record(1);
    }

    /** Records read and not yet committed: summed over partitions, what was consumed beyond what is committed. */
    public void recordActive(long records) {
        active.record(records);
    }

    @Override
    public void close() {
        group.close();
    }
}
