package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
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
        read = group.rateAndTotal("sink-record-read",
                "Records read from Kafka per second by this task, before transformations.",
                "Records read from Kafka by this task since it started, before transformations.");
        sent = group.rateAndTotal("sink-record-send",
                "Records handed to the task's put() per second, after transformations.",
                "Records handed to the task's put() since it started, after transformations.");
        putTime = group.maxAndAvg("put-batch-time", "put-batch-max-time-ms", "put-batch-avg-time-ms",
                "time a put() of this task took.");
        partitions = group.sensor("partition-count");
        partitions.add(group.metricName("partition-count", "The topic partitions assigned to this task."), new Value());
        partitions.record(0);
        commitSeqNo = group.sensor("offset-commit-seq-no");
        commitSeqNo.add(group.metricName("offset-commit-seq-no",
                "The sequence number of this task's latest offset commit."), new Value());
        commitCompleted = group.rateAndTotal("offset-commit-completion",
                "Offset commits of this task completed per second.",
                "Offset commits of this task completed since it started.");
        commitSkipped = group.rateAndTotal("offset-commit-skip",
                "Offset commit completions per second that arrived after a newer commit and were ignored.",
                "Offset commit completions that arrived after a newer commit and were ignored.");
        active = group.levelWithMaxAndAvg("sink-record-active-count",
                "of this task read from Kafka and not yet committed");
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
