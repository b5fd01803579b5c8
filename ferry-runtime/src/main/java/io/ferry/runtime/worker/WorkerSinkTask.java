package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.SinkTaskMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSinkTask;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Runs a sink task: consume, convert, transform, put; then preCommit/flush and commit the consumer offsets of what
 * the task accepted. The consumer belongs to this thread alone; other threads only wake it up.
 */
public class WorkerSinkTask extends WorkerTask {

    private static final Logger log = LoggerFactory.getLogger(WorkerSinkTask.class);

    private final IsolatedSinkTask task;
    private final Map<String, String> taskConfig;
    private final ConverterSet converters;
    private final TransformationChain<SinkRecord> transformations;
    private final RetryWithToleranceOperator errors;
    private final SinkRecordConverter recordConverter;
    private final Consumer<byte[], byte[]> consumer;
    private final WorkerSinkTaskContext context;
    private final WorkerErrantRecordReporter errantRecordReporter;
    private final PluginMetrics pluginMetrics;
    private final TopicTracker topicTracker;
    private final long commitIntervalMs;
    private final List<String> topics;
    private final String topicsRegex;

    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommittedOffsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> pendingOffsets = new HashMap<>();
    private final List<SinkRecord> batch = new ArrayList<>();
    private final Set<String> trackedTopics = new HashSet<>();
    private boolean pausedForRedelivery;
    private boolean pausedByTargetState;
    private long nextCommit;
    private volatile boolean started;
    private boolean partitionsClosed;
    private RuntimeException rebalanceFailure;
    private final SinkTaskMetrics sinkMetrics;
    /** Numbers commits, so a late asynchronous completion of an older commit is recognised and ignored. */
    private long commitSeqNo;

    public WorkerSinkTask(ConnectorTaskId id, IsolatedSinkTask task, Map<String, String> taskConfig,
                          TargetState initialState, StatusListener<ConnectorTaskId> statusListener,
                          ConverterSet converters, TransformationChain<SinkRecord> transformations,
                          RetryWithToleranceOperator errors, Consumer<byte[], byte[]> consumer,
                          boolean errantReporterEnabled, PluginMetrics pluginMetrics, TaskMetrics metrics,
                          SinkTaskMetrics sinkMetrics, TopicTracker topicTracker, long commitIntervalMs,
                          List<String> topics, String topicsRegex, Time time) {
        super(id, task, initialState, statusListener, metrics, time);
        this.sinkMetrics = sinkMetrics;
        this.task = task;
        this.taskConfig = taskConfig;
        this.converters = converters;
        this.transformations = transformations;
        this.errors = errors;
        this.recordConverter = new SinkRecordConverter(converters, transformations, errors);
        this.consumer = consumer;
        this.errantRecordReporter = errantReporterEnabled ? new WorkerErrantRecordReporter(errors, converters) : null;
        this.context = new WorkerSinkTaskContext(taskConfig, errantRecordReporter, pluginMetrics);
        this.pluginMetrics = pluginMetrics;
        this.topicTracker = topicTracker;
        this.commitIntervalMs = commitIntervalMs;
        this.topics = topics;
        this.topicsRegex = topicsRegex;
    }

    @Override
    protected void initializeAndStart() {
        task.initialize(context);
        task.start(taskConfig);
        started = true;
        RebalanceListener listener = new RebalanceListener();
        if (topicsRegex != null && !topicsRegex.isBlank()) {
            consumer.subscribe(Pattern.compile(topicsRegex), listener);
            log.info("{} Sink task subscribed to topics matching {}", id, topicsRegex);
        } else {
            consumer.subscribe(topics, listener);
            log.info("{} Sink task subscribed to {}", id, topics);
        }
        nextCommit = time.milliseconds() + commitIntervalMs;
    }

    @Override
    protected void wakeUp() {
        consumer.wakeup();
    }

    @Override
    protected void execute() {
        while (!isStopping()) {
            iteration();
        }
    }

    private void iteration() {
        applyTargetState();
        long now = time.milliseconds();
        if (context.takeCommitRequest() || now >= nextCommit) {
            commitOffsets(false, null);
            nextCommit = now + commitIntervalMs;
        }
        long timeout = Math.max(0, nextCommit - now);
        if (pausedForRedelivery && context.timeout() > 0) {
            timeout = Math.min(timeout, context.timeout());
        }
        poll(timeout);
    }

    /** Pauses every partition while the connector is paused, and resumes those the task did not pause itself. */
    private void applyTargetState() {
        boolean paused = targetState() == TargetState.PAUSED;
        if (paused && !pausedByTargetState) {
            pausedByTargetState = true;
            consumer.pause(consumer.assignment());
            context.requestCommit();
            reportPaused(true);
        } else if (!paused && pausedByTargetState) {
            pausedByTargetState = false;
            if (!pausedForRedelivery) {
                resumeAllowedPartitions();
            }
            reportPaused(false);
        }
    }

    private void resumeAllowedPartitions() {
        Set<TopicPartition> resumable = new HashSet<>(consumer.assignment());
        resumable.removeAll(context.pausedByTask());
        consumer.resume(resumable);
    }

    private void poll(long timeoutMs) {
        rewind();
        applyTaskPauses();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(timeoutMs));
        } catch (WakeupException e) {
            return;
        }
        if (rebalanceFailure != null) {
            RuntimeException failure = rebalanceFailure;
            rebalanceFailure = null;
            throw failure;
        }
        sinkMetrics.recordRead(records.count());
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> fromPartition = records.records(partition);
            for (ConsumerRecord<byte[], byte[]> record : fromPartition) {
                convertAndTransform(record);
            }
            // Once per partition and poll, not per record: the next offset to read there.
            pendingOffsets.put(partition, new OffsetAndMetadata(fromPartition.get(fromPartition.size() - 1).offset() + 1));
            if (trackedTopics.add(partition.topic())) {
                topicTracker.recordUse(id.connector(), partition.topic(), id.task());
            }
        }
        if (!records.isEmpty()) {
            recordActiveRecords();
        }
        if (!pausedByTargetState || pausedForRedelivery) {
            deliver();
        }
    }

    private void applyTaskPauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> pauses = context.takePendingPauses();
        pauses.retainAll(assigned);
        consumer.pause(pauses);
        Set<TopicPartition> resumes = context.takePendingResumes();
        resumes.retainAll(assigned);
        if (!pausedForRedelivery && !pausedByTargetState) {
            consumer.resume(resumes);
        }
    }

    private void convertAndTransform(ConsumerRecord<byte[], byte[]> record) {
        SinkRecord transformed = recordConverter.convert(record);
        if (transformed != null) {
            batch.add(transformed);
        }
    }

    /**
     * Hands the batch to the task. A RetriableException keeps the batch and pauses consumption until the task
     * accepts it; any other exception fails the task.
     */
    private void deliver() {
        try {
            long start = time.milliseconds();
            task.put(new ArrayList<>(batch));
            sinkMetrics.recordPut(batch.size(), time.milliseconds() - start);
            metrics.recordBatchSize(batch.size());
            batch.clear();
            currentOffsets.putAll(pendingOffsets);
            pendingOffsets.clear();
            if (pausedForRedelivery) {
                pausedForRedelivery = false;
                if (!pausedByTargetState) {
                    resumeAllowedPartitions();
                }
            }
        } catch (RetriableException e) {
            log.warn("{} Sink task asked to retry a batch of {} records: {}", id, batch.size(), e.toString());
            if (!pausedForRedelivery) {
                pausedForRedelivery = true;
                consumer.pause(consumer.assignment());
            }
        } catch (Throwable t) {
            log.error("{} Task threw an uncaught and unrecoverable exception while putting records", id, t);
            throw new ConnectException("Exiting WorkerSinkTask due to unrecoverable exception.", t);
        }
    }

    /** Resets consumer positions the task asked for with {@code context.offset(...)}. */
    private void rewind() {
        Map<TopicPartition, Long> rewinds = context.takeOffsetRewinds();
        for (Map.Entry<TopicPartition, Long> e : rewinds.entrySet()) {
            TopicPartition tp = e.getKey();
            if (!consumer.assignment().contains(tp)) {
                continue;
            }
            log.info("{} Rewinding {} to offset {} as the task asked", id, tp, e.getValue());
            consumer.seek(tp, e.getValue());
            OffsetAndMetadata offset = new OffsetAndMetadata(e.getValue());
            currentOffsets.put(tp, offset);
            lastCommittedOffsets.put(tp, offset);
            pendingOffsets.remove(tp);
            batch.removeIf(r -> r.originalTopic().equals(tp.topic()) && r.originalKafkaPartition() == tp.partition());
        }
    }

    /**
     * Commits what the task says is safe ({@code preCommit}, which by default flushes). Only partitions that are
     * assigned, and offsets no further than what was delivered, are committed.
     */
    private void commitOffsets(boolean closing, Collection<TopicPartition> only) {
        Map<TopicPartition, OffsetAndMetadata> candidates = new HashMap<>(currentOffsets);
        if (only != null) {
            candidates.keySet().retainAll(only);
        }
        if (candidates.isEmpty()) {
            return;
        }
        if (errantRecordReporter != null) {
            errantRecordReporter.awaitReports(candidates.keySet());
        }
        // Records skipped by the error policy must be in the dead letter queue before their offsets are committed.
        errors.awaitReports();
        // A commit is numbered and timed from here, the task's flush included, as in Apache Kafka Connect.
        long seqNo = ++commitSeqNo;
        sinkMetrics.recordCommitSequence(seqNo);
        long start = time.milliseconds();
        Map<TopicPartition, OffsetAndMetadata> fromTask;
        try {
            fromTask = task.preCommit(new HashMap<>(candidates));
        } catch (Throwable t) {
            log.error("{} Offset commit failed; rewinding to the last committed offsets", id, t);
            metrics.recordCommitFailure();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : lastCommittedOffsets.entrySet()) {
                if (candidates.containsKey(e.getKey())) {
                    consumer.seek(e.getKey(), e.getValue());
                    currentOffsets.put(e.getKey(), e.getValue());
                }
            }
            batch.clear();
            pendingOffsets.clear();
            return;
        }
        if (fromTask == null || fromTask.isEmpty()) {
            committed(Map.of(), start); // the task keeps its offsets itself: nothing to commit, and that went well
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
        Set<TopicPartition> assigned = consumer.assignment();
        fromTask.forEach((tp, offset) -> {
            OffsetAndMetadata delivered = candidates.get(tp);
            if (offset != null && delivered != null && assigned.contains(tp) && offset.offset() <= delivered.offset()
                    && !offset.equals(lastCommittedOffsets.get(tp))) {
                toCommit.put(tp, offset);
            }
        });
        if (toCommit.isEmpty()) {
            committed(Map.of(), start); // nothing new since the last commit
            return;
        }
        if (closing) {
            commitSync(toCommit, start);
        } else {
            consumer.commitAsync(toCommit, (offsets, error) -> {
                if (seqNo != commitSeqNo) {
                    sinkMetrics.recordCommitSkipped();
                } else if (error != null) {
                    log.warn("{} Failed to commit offsets, they will be committed again later: {}", id, error.toString());
                    metrics.recordCommitFailure();
                } else {
                    committed(offsets, start);
                }
            });
        }
    }

    private void committed(Map<TopicPartition, OffsetAndMetadata> offsets, long startMs) {
        lastCommittedOffsets.putAll(offsets);
        metrics.recordCommitSuccess(time.milliseconds() - startMs);
        sinkMetrics.recordCommitCompleted();
        recordActiveRecords();
    }

    /** Records read and not yet committed: per partition, how far what was read is ahead of what is committed. */
    private void recordActiveRecords() {
        long active = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : lastCommittedOffsets.entrySet()) {
            OffsetAndMetadata read = pendingOffsets.getOrDefault(e.getKey(), currentOffsets.get(e.getKey()));
            active += read == null ? 0 : Math.max(0, read.offset() - e.getValue().offset());
        }
        sinkMetrics.recordActive(active);
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, long startMs) {
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                consumer.commitSync(offsets);
                committed(offsets, startMs);
                return;
            } catch (WakeupException e) {
                // A wake-up meant for poll (the stop request) was still pending; it is used up now, so try again.
            } catch (RuntimeException e) {
                log.error("{} Failed to commit offsets {}", id, offsets, e);
                metrics.recordCommitFailure();
                return;
            }
        }
    }

    @Override
    protected void close(boolean failed) {
        try {
            if (started && !failed && !isCancelled()) {
                commitOffsets(true, null);
            }
        } catch (Throwable t) {
            log.warn("{} Final offset commit failed", id, t);
        }
        partitionsClosed = true;
        if (started) {
            try {
                task.close(new HashSet<>(consumer.assignment()));
            } catch (Throwable t) {
                log.warn("{} Sink task threw while closing its partitions", id, t);
            }
            try {
                task.stop();
            } catch (Throwable t) {
                log.warn("{} Sink task threw while stopping", id, t);
            }
        }
        Utils.closeQuietly(consumer, "consumer");
        Utils.closeQuietly(transformations, "transformation chain");
        Utils.closeQuietly(converters, "converters");
        Utils.closeQuietly(errors, "error handler");
        Utils.closeQuietly(pluginMetrics instanceof AutoCloseable c ? c : null, "plugin metrics");
    }

    @Override
    public void stop() {
        super.stop();
        errors.triggerStop();
    }

    @Override
    public void removeMetrics() {
        super.removeMetrics();
        sinkMetrics.close();
        errors.metrics().close();
    }

    private long positionOf(TopicPartition tp) {
        try {
            return consumer.position(tp);
        } catch (WakeupException e) {
            // The stop request's wake-up landed here rather than in poll; it is used up now, so ask again.
            return consumer.position(tp);
        }
    }

    /** Opens, closes and commits partitions as the consumer group moves them; runs inside poll on this thread. */
    private final class RebalanceListener implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                for (TopicPartition tp : partitions) {
                    OffsetAndMetadata position = new OffsetAndMetadata(positionOf(tp));
                    lastCommittedOffsets.put(tp, position);
                    currentOffsets.put(tp, position);
                }
                context.assignment(consumer.assignment());
                sinkMetrics.recordPartitionCount(consumer.assignment().size());
                if (pausedForRedelivery || pausedByTargetState) {
                    consumer.pause(partitions);
                }
                if (!partitions.isEmpty()) {
                    log.info("{} Partitions assigned: {}", id, partitions);
                    task.open(partitions);
                }
            } catch (RuntimeException e) {
                rebalanceFailure = e;
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || partitionsClosed) {
                return;
            }
            try {
                log.info("{} Partitions revoked: {}", id, partitions);
                commitOffsets(true, partitions);
                task.close(partitions);
            } catch (RuntimeException e) {
                rebalanceFailure = e;
            } finally {
                forget(partitions);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || partitionsClosed) {
                return;
            }
            log.info("{} Partitions lost: {}", id, partitions);
            if (errantRecordReporter != null) {
                errantRecordReporter.cancel(partitions);
            }
            try {
                task.close(partitions);
            } catch (RuntimeException e) {
                rebalanceFailure = e;
            } finally {
                forget(partitions);
            }
        }

        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                currentOffsets.remove(tp);
                lastCommittedOffsets.remove(tp);
                pendingOffsets.remove(tp);
            }
            batch.removeIf(r -> partitions.contains(new TopicPartition(r.originalTopic(), r.originalKafkaPartition())));
            context.forget(partitions);
            Set<TopicPartition> remaining = new HashSet<>(consumer.assignment());
            remaining.removeAll(partitions);
            context.assignment(remaining);
            sinkMetrics.recordPartitionCount(remaining.size());
        }
    }
}
