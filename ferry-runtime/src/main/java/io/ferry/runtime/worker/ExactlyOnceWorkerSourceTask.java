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
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A source task with exactly-once delivery (KIP-618, {@code exactly.once.source.support=enabled}): the polled records
 * and the source offsets they reach are written in Kafka transactions of the task's transactional producer
 * ({@code transactional.id} {@code <group.id>-<connector>-<task>}), ended where {@link TransactionBoundaries} says —
 * one per batch ({@code transaction.boundary=poll}), one per interval ({@code interval}), or where the task asks
 * ({@code connector}) — so a reader with {@code read_committed} sees the records exactly when their offsets are
 * committed, and a task restarted anywhere resumes after the last committed transaction. A transaction the task
 * aborts is followed by one that commits its offsets alone. Starting the producer fences any earlier instance of the
 * same task (a worker cut off from its group), whose transactions then fail; before that, the leader fences the
 * producers of the connector's previous generation of tasks ({@link TaskFencing}). {@code commitRecord} and
 * {@code commit} are called once a transaction committed. Everything runs on the task thread, except
 * acknowledgements, which the producer's thread records.
 */
final class ExactlyOnceWorkerSourceTask extends WorkerSourceTask {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceWorkerSourceTask.class);

    /** How long each wait for the offsets topic lasts before the task checks whether it should stop. */
    private static final long OFFSETS_READ_STEP_MS = 5_000;

    private final Producer<byte[], byte[]> producer;
    private final TaskFencing fencing;
    private final Object callerLock = new Object();
    /** The task thread while it waits for the control plane as it starts, else null. */
    private Thread controlPlaneCaller;
    /** The generation of the connector's task configs this task was started with. */
    private final Integer generation;
    private final OffsetStorageWriter offsetWriter;
    private final long commitTimeoutMs;
    private final List<Written> written = new ArrayList<>();
    private final Sensor transactionSizes;
    private final TransactionBoundaries boundaries;
    private boolean inTransaction;
    /** Records handed to the producer in the open transaction. */
    private int transactionSize;
    /** Whether offsets wait to be committed, possibly with no transaction open (after an abort, or dropped records). */
    private boolean offsetsStaged;

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
                                TransactionBoundaries boundaries, TaskFencing fencing, Integer generation,
                                Time time) {
        super(id, task, taskConfig, initialState, statusListener, converters, transformations, errors, producer, admin,
                topicCreation, offsetReader, offsetWriter, pluginMetrics, metrics, sourceMetrics, topicTracker,
                commitTimeoutMs, time);
        this.producer = producer;
        this.fencing = fencing;
        this.generation = generation;
        this.offsetWriter = offsetWriter;
        this.commitTimeoutMs = commitTimeoutMs;
        this.transactionSizes = sourceMetrics.transactionSizes();
        this.boundaries = boundaries;
    }

    /**
     * Before the task reads its offsets and starts: the producers of the connector's earlier task generations are
     * fenced (by the leader), then this task's producer starts, which fences any earlier producer of its own
     * transactional id; a task whose configs were replaced or which was revoked meanwhile goes no further.
     */
    @Override
    protected void initializeAndStart() {
        if (!askControlPlane(() -> fencing.fenceZombies(id))) {
            return;
        }
        producer.initTransactions();
        if (!askControlPlane(() -> fencing.checkStillCurrent(id, generation))) {
            return;
        }
        // Offsets the task committed may lie behind a transaction another task left open on the offsets topic (its
        // worker died): a read_committed reader sees them once that one completes, which can take up to the
        // producers' transaction.timeout.ms. Starting before would resume from older offsets.
        while (!offsetReader.readToEnd(OFFSETS_READ_STEP_MS)) {
            if (isStopping()) {
                return;
            }
            log.info("{} Waiting for transactions still open on the offsets topic before reading the task's offsets", id);
        }
        super.initializeAndStart();
    }

    /**
     * Makes a call to the control plane that {@link #stop()} cuts short: the herder thread that stops a task as it
     * starts (its connector stopped, or moved) waits for it, so the task must not wait for the herder thread then.
     * Returns false when the task is stopping; an interrupt meant for the call never reaches the task's own code.
     */
    private boolean askControlPlane(Runnable call) {
        synchronized (callerLock) {
            if (isStopping()) {
                return false;
            }
            controlPlaneCaller = Thread.currentThread();
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            if (!isStopping()) {
                throw e;
            }
            log.debug("{} Stopped while starting: {}", id, e.toString());
        } finally {
            synchronized (callerLock) {
                controlPlaneCaller = null;
                Thread.interrupted();
            }
        }
        return !isStopping();
    }

    @Override
    public void stop() {
        super.stop();
        synchronized (callerLock) {
            if (controlPlaneCaller != null) {
                controlPlaneCaller.interrupt();
            }
        }
    }

    @Override
    protected TransactionContext transactionContext() {
        return boundaries.context();
    }

    @Override
    protected void aboutToSend() {
        beginTransactionIfNone();
    }

    @Override
    protected void recordWritten(SourceRecord record, RecordMetadata metadata) {
        // Kept when the transaction is aborted: the task still hears of these records once a later one commits.
        synchronized (written) {
            written.add(new Written(record, metadata));
        }
    }

    /** The record's offset joins the open transaction only now that the producer took the record. */
    @Override
    protected void recordDispatched(SourceRecord record) {
        stageOffset(record);
        transactionSize++;
        end(boundaries.afterRecord(record));
    }

    /** A dropped record is done: its offset is committed with the transaction. */
    @Override
    protected void recordDropped(SourceRecord record) {
        stageOffset(record);
        end(boundaries.afterRecord(record));
    }

    @Override
    protected void batchDispatched() {
        end(boundaries.afterBatch());
    }

    /** Before the task pauses, its transaction is ended as it would be when the task stops. */
    @Override
    protected void pausing() {
        end(boundaries.beforeStop());
    }

    /**
     * When the task stops cleanly, its open transaction is ended as the boundaries say; a failed or cancelled task
     * commits nothing. Whatever is still open then is aborted.
     */
    @Override
    protected void finalCommit(boolean failed) {
        try {
            if (failed) {
                log.debug("{} Skipping final offset commit as task has failed", id);
            } else if (isCancelled()) {
                log.debug("{} Skipping final offset commit as task has been cancelled", id);
            } else {
                end(boundaries.beforeStop());
            }
        } finally {
            abortOpenTransaction();
        }
    }

    private void stageOffset(SourceRecord record) {
        if (record.sourcePartition() != null && record.sourceOffset() != null) {
            offsetWriter.offset(record.sourcePartition(), record.sourceOffset());
            offsetsStaged = true;
        }
    }

    private void beginTransactionIfNone() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            boundaries.transactionBegun();
        }
    }

    private void end(TransactionBoundaries.Decision decision) {
        if (decision == TransactionBoundaries.Decision.ABORT) {
            abortTransaction();
        }
        // After an abort, the offsets it reached are committed on their own, so its records are not polled again.
        if (decision != TransactionBoundaries.Decision.KEEP_OPEN && (inTransaction || offsetsStaged)) {
            commitTransaction();
        }
    }

    private void abortTransaction() {
        if (!inTransaction) {
            log.warn("{} Ignoring request by task to abort transaction as the current transaction is empty", id);
            return;
        }
        producer.abortTransaction();
        inTransaction = false;
        transactionSize = 0;
    }

    /** Writes the transaction's offsets in it, commits it, then tells the task. */
    private void commitTransaction() {
        long start = time.milliseconds();
        try {
            beginTransactionIfNone();
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
        offsetsStaged = false;
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

    /** A transaction no boundary ended (the task failed, or did not ask) is not left to time out on the broker. */
    private void abortOpenTransaction() {
        if (inTransaction) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                log.debug("{} Could not abort the open transaction: {}", id, e.toString());
            }
            inTransaction = false;
        }
    }
}
