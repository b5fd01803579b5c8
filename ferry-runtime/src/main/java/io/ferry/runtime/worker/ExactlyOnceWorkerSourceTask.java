package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.SourceTaskMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSourceTask;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import io.ferry.runtime.storage.OffsetStorageWriter;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A source task with exactly-once delivery (KIP-618, {@code exactly.once.source.support=enabled}): the polled records
 * and the source offsets they reach are written in Kafka transactions of the task's transactional producer — one per
 * batch ({@code transaction.boundary=poll}) or one per interval ({@code interval}) —
 * ({@code transactional.id} {@code <group.id>-<connector>-<task>}), so a reader with {@code read_committed} sees the
 * records exactly when their offsets are committed, and a task restarted anywhere resumes after the last committed
 * batch. Starting the producer fences any earlier instance of the same task (a worker cut off from its group), whose
 * transactions then fail; before that, the leader fences the producers of the connector's previous generation of tasks
 * ({@link TaskFencing}). {@code commitRecord} and {@code commit} are called once a transaction committed.
 * Everything runs on the task thread, except acknowledgements, which the producer's thread records.
 */
final class ExactlyOnceWorkerSourceTask extends WorkerSourceTask {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceWorkerSourceTask.class);

    private final Producer<byte[], byte[]> producer;
    private final TaskFencing fencing;
    /** The generation of the connector's task configs this task was started with. */
    private final Integer generation;
    private final OffsetStorageWriter offsetWriter;
    private final long commitTimeoutMs;
    private final List<Written> written = new ArrayList<>();
    private final Sensor transactionSizes;
    /** How long a transaction stays open ({@code transaction.boundary=interval}); 0 commits each batch ({@code poll}). */
    private final long intervalMs;
    private boolean inTransaction;
    private int transactionSize;
    private long commitDueMs;

    private record Written(SourceRecord record, RecordMetadata metadata) {
    }

    /** {@code offsetWriter} writes through {@code producer}, inside the open transaction. */
    ExactlyOnceWorkerSourceTask(ConnectorTaskId id, IsolatedSourceTask task, Map<String, String> taskConfig,
                                TargetState initialState, StatusListener<ConnectorTaskId> statusListener,
                                ConverterSet converters, TransformationChain<SourceRecord> transformations,
                                RetryWithToleranceOperator errors, Producer<byte[], byte[]> producer, LazyAdmin admin,
                                TopicCreation topicCreation, OffsetStorageReaderImpl offsetReader,
                                OffsetStorageWriter offsetWriter, PluginMetrics pluginMetrics, TaskMetrics metrics,
                                SourceTaskMetrics sourceMetrics, TopicTracker topicTracker, long commitTimeoutMs,
                                long intervalMs, TaskFencing fencing, Integer generation, Time time) {
        super(id, task, taskConfig, initialState, statusListener, converters, transformations, errors, producer, admin,
                topicCreation, offsetReader, offsetWriter, pluginMetrics, metrics, sourceMetrics, topicTracker,
                commitTimeoutMs, time);
        this.producer = producer;
        this.fencing = fencing;
        this.generation = generation;
        this.offsetWriter = offsetWriter;
        this.commitTimeoutMs = commitTimeoutMs;
        this.transactionSizes = sourceMetrics.transactionSizes();
        this.intervalMs = intervalMs;
    }

    /**
     * Before the task reads its offsets and starts: the producers of the connector's earlier task generations are
     * fenced (by the leader), then this task's producer starts, which fences any earlier producer of its own
     * transactional id; a task whose configs were replaced or which was revoked meanwhile goes no further.
     */
    @Override
    protected void initializeAndStart() {
        fencing.fenceZombies(id);
        if (isStopping()) {
            return;
        }
        producer.initTransactions();
        fencing.checkStillCurrent(id, generation);
        super.initializeAndStart();
    }

    @Override
    protected void beginBatch() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            commitDueMs = time.milliseconds() + intervalMs;
        }
    }

    @Override
    protected void recordWritten(SourceRecord record, RecordMetadata metadata) {
        synchronized (written) {
            written.add(new Written(record, metadata));
        }
    }

    /** Adds the batch's offsets to its transaction, and commits it when the boundary says so. */
    @Override
    protected void batchSent(List<SourceRecord> batch) {
        for (SourceRecord record : batch) {
            if (record.sourcePartition() != null && record.sourceOffset() != null) {
                offsetWriter.offset(record.sourcePartition(), record.sourceOffset());
            }
        }
        transactionSize += batch.size();
        if (time.milliseconds() >= commitDueMs) {
            commitTransaction();
        }
    }

    /** With {@code transaction.boundary=interval}, a transaction that is due is committed even when polls are empty. */
    @Override
    protected void idle() {
        if (inTransaction && time.milliseconds() >= commitDueMs) {
            commitTransaction();
        }
    }

    /** An open transaction is committed before the task pauses: a paused task must not outlive its transaction. */
    @Override
    protected void pausing() {
        if (inTransaction) {
            commitTransaction();
        }
    }

    /** Writes the transaction's offsets in it, commits it, then tells the task. */
    private void commitTransaction() {
        long start = time.milliseconds();
        try {
            if (offsetWriter.beginFlush()) {
                offsetWriter.doFlush().get(commitTimeoutMs, TimeUnit.MILLISECONDS);
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            // Fenced by a newer instance of this task, or the transaction could not be completed: stop here.
            metrics.recordCommitFailure();
            throw new ConnectException("Failed to commit the transaction of task " + id + "; its records and offsets "
                    + "are discarded and will be produced again by the task that takes over", e);
        } catch (Exception e) {
            metrics.recordCommitFailure();
            throw new ConnectException("Failed to write the offsets of task " + id + " in its transaction", e);
        } finally {
            inTransaction = false;
        }
        metrics.recordCommitSuccess(time.milliseconds() - start);
        transactionSizes.record(transactionSize);
        transactionSize = 0;
        discardCommittableOffsets();
        List<Written> committed;
        synchronized (written) {
            committed = new ArrayList<>(written);
            written.clear();
        }
        committed.forEach(w -> commitTaskRecord(w.record(), w.metadata()));
        commitTask();
    }

    /** Offsets are committed with each transaction, never on the worker's schedule. */
    @Override
    public boolean commitsOffsetsPeriodically() {
        return false;
    }

    @Override
    public boolean commitOffsets() {
        return true;
    }

    @Override
    protected void close(boolean failed) {
        if (inTransaction) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                log.debug("{} Could not abort the open transaction: {}", id, e.toString());
            }
            inTransaction = false;
        }
        super.close(failed);
    }
}
