package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.SourceTaskMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSourceTask;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import io.ferry.runtime.storage.OffsetStorageWriter;
import io.ferry.runtime.worker.errors.ProcessingContext;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import io.ferry.runtime.worker.errors.Stage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a source task: poll, transform, convert, send; and commits the offsets of records Kafka acknowledged.
 */
public class WorkerSourceTask extends WorkerTask {

    private static final Logger log = LoggerFactory.getLogger(WorkerSourceTask.class);
    private static final long SEND_RETRY_BACKOFF_MS = 100;
    /**
     * How many records a task may have handed to the producer without Kafka's acknowledgement before it polls again.
     * Each such record keeps its source record, offsets and callback in memory until the acknowledgement (the
     * producer's {@code buffer.memory} bounds only their bytes): 32 MB of 100-byte records is some 300,000 of them,
     * hundreds of megabytes of heap. A few thousand already keep the producer's batches full.
     */
    static final int MAX_UNACKNOWLEDGED_RECORDS = 10_000;
    private static final long UNACKNOWLEDGED_WAIT_MS = 100;

    private final IsolatedSourceTask task;
    private final Map<String, String> taskConfig;
    private final ConverterSet converters;
    private final TransformationChain<SourceRecord> transformations;
    private final RetryWithToleranceOperator errors;
    private final Producer<byte[], byte[]> producer;
    private final LazyAdmin admin;
    private final TopicCreation topicCreation;
    protected final OffsetStorageReaderImpl offsetReader;
    private final OffsetStorageWriter offsetWriter;
    private final PluginMetrics pluginMetrics;
    private final SourceTaskMetrics sourceMetrics;
    private final TopicTracker topicTracker;
    private final long flushTimeoutMs;
    private final SubmittedRecords submitted;
    private final AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    private final AtomicBoolean taskStopCalled = new AtomicBoolean();
    private final Object commitLock = new Object();
    private volatile boolean started;
    private List<SourceRecord> toSend;

    public WorkerSourceTask(ConnectorTaskId id, IsolatedSourceTask task, Map<String, String> taskConfig,
                            TargetState initialState, StatusListener<ConnectorTaskId> statusListener,
                            ConverterSet converters, TransformationChain<SourceRecord> transformations,
                            RetryWithToleranceOperator errors, Producer<byte[], byte[]> producer, LazyAdmin admin,
                            TopicCreation topicCreation, OffsetStorageReaderImpl offsetReader,
                            OffsetStorageWriter offsetWriter, PluginMetrics pluginMetrics, TaskMetrics metrics,
                            SourceTaskMetrics sourceMetrics, TopicTracker topicTracker, long flushTimeoutMs, Time time) {
        super(id, task, initialState, statusListener, metrics, time);
        this.sourceMetrics = sourceMetrics;
        this.task = task;
        this.taskConfig = taskConfig;
        this.converters = converters;
        this.transformations = transformations;
        this.errors = errors;
        this.producer = producer;
        this.admin = admin;
        this.topicCreation = topicCreation;
        this.offsetReader = offsetReader;
        this.offsetWriter = offsetWriter;
        this.pluginMetrics = pluginMetrics;
        this.topicTracker = topicTracker;
        this.flushTimeoutMs = flushTimeoutMs;
        this.submitted = new SubmittedRecords(time);
    }

    @Override
    protected void initializeAndStart() {
        task.initialize(new WorkerSourceTaskContext(taskConfig, offsetReader, pluginMetrics, transactionContext()));
        task.start(taskConfig);
        started = true;
        log.info("{} Source task finished initialization and start", id);
    }

    @Override
    protected void execute() {
        while (!isStopping()) {
            if (shouldPause()) {
                pausing();
                if (!awaitUnpause()) {
                    break;
                }
                continue;
            }
            failIfProducerFailed();
            if (toSend == null) {
                if (!roomForMoreRecords()) {
                    continue;
                }
                toSend = poll();
                if (toSend == null || toSend.isEmpty()) {
                    toSend = null;
                    batchDispatched();
                    continue;
                }
            }
            if (sendRecords()) {
                batchDispatched();
            } else {
                pauseBeforeResend();
            }
        }
    }

    /** Waits a little for acknowledgements while too many records await theirs; false if they still do. */
    private boolean roomForMoreRecords() {
        try {
            return submitted.awaitOutstandingBelow(MAX_UNACKNOWLEDGED_RECORDS, UNACKNOWLEDGED_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<SourceRecord> poll() {
        long start = time.milliseconds();
        try {
            List<SourceRecord> records = task.poll();
            // A poll that returned null (nothing yet) is not a batch: Apache Kafka Connect times only the others.
            if (records != null) {
                sourceMetrics.recordPoll(records.size(), time.milliseconds() - start);
                if (!records.isEmpty()) {
                    metrics.recordBatchSize(records.size());
                }
            }
            return records;
        } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
            log.warn("{} Source task failed to poll records, will try again: {}", id, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sends the pending batch; false when a retriable send error left part of it to be sent again. */
    private boolean sendRecords() {
        for (int i = 0; i < toSend.size(); i++) {
            SourceRecord original = toSend.get(i);
            ProcessingContext context = ProcessingContext.forPolled(original);
            SourceRecord record = transformations.apply(context, errors, original);
            ProducerRecord<byte[], byte[]> producerRecord = record == null ? null : convert(context, record);
            if (producerRecord == null) {
                dropped(original);
                continue;
            }
            if (topicCreation != null) {
                topicCreation.ensureTopic(admin.get(), producerRecord.topic());
            }
            aboutToSend();
            SubmittedRecords.Submitted submittedRecord = submitted.submit(original.sourcePartition(), original.sourceOffset());
            try {
                producer.send(producerRecord, (metadata, error) -> {
                    if (error != null) {
                        onSendFailure(original, submittedRecord, error);
                    } else {
                        recordWritten(original, metadata);
                        submittedRecord.ack();
                        sourceMetrics.recordDone(true);
                        topicTracker.recordUse(id.connector(), metadata.topic(), id.task());
                    }
                });
            } catch (org.apache.kafka.common.errors.RetriableException e) {
                log.warn("{} Failed to send a record, will retry: {}", id, e.toString());
                submittedRecord.drop();
                toSend = toSend.subList(i, toSend.size());
                return false;
            } catch (KafkaException e) {
                throw new ConnectException("Unrecoverable exception trying to send", e);
            }
            recordDispatched(original);
        }
        toSend = null;
        return true;
    }

    private ProducerRecord<byte[], byte[]> convert(ProcessingContext context, SourceRecord record) {
        RecordHeaders headers = errors.execute(context, Stage.HEADER_CONVERTER, converters.header().pluginClass(),
                () -> convertHeaders(record));
        if (context.failed()) {
            return null;
        }
        byte[] key = errors.execute(context, Stage.KEY_CONVERTER, converters.key().pluginClass(),
                () -> converters.key().fromConnectData(record.topic(), headers, record.keySchema(), record.key()));
        if (context.failed()) {
            return null;
        }
        byte[] value = errors.execute(context, Stage.VALUE_CONVERTER, converters.value().pluginClass(),
                () -> converters.value().fromConnectData(record.topic(), headers, record.valueSchema(), record.value()));
        if (context.failed()) {
            return null;
        }
        Long timestamp = record.timestamp() != null && record.timestamp() >= 0 ? record.timestamp() : null;
        return new ProducerRecord<>(record.topic(), record.kafkaPartition(), timestamp, key, value, headers);
    }

    private RecordHeaders convertHeaders(SourceRecord record) {
        RecordHeaders result = new RecordHeaders();
        if (record.headers() != null) {
            for (Header header : record.headers()) {
                byte[] raw = converters.header().fromConnectHeader(record.topic(), header.key(), header.schema(), header.value());
                result.add(header.key(), raw);
            }
        }
        return result;
    }

    /** A record that a transformation dropped or whose failure was tolerated: its offset still counts as done. */
    private void dropped(SourceRecord original) {
        recordWritten(original, null);
        submitted.submit(original.sourcePartition(), original.sourceOffset()).ack();
        sourceMetrics.recordDone(false);
        recordDropped(original);
    }

    private void onSendFailure(SourceRecord record, SubmittedRecords.Submitted submittedRecord, Exception error) {
        if (error instanceof TransactionAbortedException) {
            // The task asked for the transaction the record was in to be aborted: the producer drops what it had not
            // sent yet. Its offset is committed after the abort, so it counts as done.
            submittedRecord.ack();
            return;
        }
        if (errors.tolerateAll()) {
            log.error("{} Failed to send record to topic '{}'; skipping it as errors.tolerance=all", id, record.topic(), error);
            recordWritten(record, null);
            submittedRecord.ack();
            sourceMetrics.recordDone(false);
        } else {
            log.error("{} Failed to send record to topic '{}'", id, record.topic(), error);
            producerFailure.compareAndSet(null, error);
        }
    }

    private void failIfProducerFailed() {
        Throwable failure = producerFailure.get();
        if (failure != null) {
            throw new ConnectException("Unrecoverable exception from producer send callback", failure);
        }
    }

    // ---- what an exactly-once task does differently (ExactlyOnceWorkerSourceTask) ----

    /** What {@code SourceTaskContext.transactionContext()} returns: none unless the task defines its transactions. */
    protected TransactionContext transactionContext() {
        return null;
    }

    /** A record is about to be handed to the producer. */
    protected void aboutToSend() {
    }

    /** The producer took the record ({@code record} as the task returned it, before transformations). */
    protected void recordDispatched(SourceRecord record) {
    }

    /** A transformation dropped the record, or errors.tolerance let a failure to convert it pass. */
    protected void recordDropped(SourceRecord record) {
    }

    /** Every record of a poll was handed to the producer or dropped; also called after a poll that returned none. */
    protected void batchDispatched() {
    }

    /** The task is about to wait while paused. */
    protected void pausing() {
    }

    /**
     * Kafka acknowledged the record ({@code metadata} null when it was dropped or skipped): the task hears of it at once;
     * an exactly-once task only once its transaction committed.
     */
    protected void recordWritten(SourceRecord record, RecordMetadata metadata) {
        commitTaskRecord(record, metadata);
    }

    /** Whether the worker commits this task's offsets on its own schedule ({@code offset.flush.interval.ms}). */
    public boolean commitsOffsetsPeriodically() {
        return true;
    }

    /** Forgets the offsets of records acknowledged so far: they were committed another way. */
    protected void discardCommittableOffsets() {
        submitted.takeCommittable();
    }

    /** Calls the task's {@code commit()} once it has started. */
    protected void commitTask() {
        if (started) {
            try {
                task.commit();
            } catch (Throwable t) {
                log.error("{} Exception thrown while calling task.commit()", id, t);
            }
        }
    }

    protected void commitTaskRecord(SourceRecord record, RecordMetadata metadata) {
        try {
            task.commitRecord(record, metadata);
        } catch (Throwable t) {
            log.error("{} Exception thrown while calling task.commitRecord()", id, t);
        }
    }

    private void pauseBeforeResend() {
        time.sleep(SEND_RETRY_BACKOFF_MS);
    }

    /**
     * Writes the offsets of every record acknowledged in order so far, then calls the task's commit.
     * Runs on the offset committer's thread and once more when the task stops. Returns false if the flush failed.
     */
    public boolean commitOffsets() {
        synchronized (commitLock) {
            try (var ignored = LoggingContext.forOffsets(id)) {
                long start = time.milliseconds();
                submitted.takeCommittable().forEach(offsetWriter::offset);
                if (offsetWriter.beginFlush()) {
                    try {
                        offsetWriter.doFlush().get(flushTimeoutMs, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        offsetWriter.cancelFlush();
                        log.warn("{} Timed out after {} ms flushing offsets; they will be written by the next flush", id, flushTimeoutMs);
                        metrics.recordCommitFailure();
                        return false;
                    } catch (ExecutionException e) {
                        log.error("{} Failed to flush offsets", id, e.getCause());
                        metrics.recordCommitFailure();
                        return false;
                    } catch (InterruptedException e) {
                        offsetWriter.cancelFlush();
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }
                // As in Apache Kafka Connect, a commit with nothing to flush counts as a successful one.
                metrics.recordCommitSuccess(time.milliseconds() - start);
                commitTask();
                return true;
            }
        }
    }

    @Override
    public void stop() {
        super.stop();
        errors.triggerStop();
        // The API lets stop() come from another thread, so a task blocked in poll() can be told to return.
        if (started && taskStopCalled.compareAndSet(false, true)) {
            try {
                task.stop();
            } catch (Throwable t) {
                log.warn("{} Source task threw while being stopped", id, t);
            }
        }
    }

    @Override
    public void removeMetrics() {
        super.removeMetrics();
        sourceMetrics.close();
        errors.metrics().close();
    }

    @Override
    public void cancel() {
        super.cancel();
        producer.close(Duration.ZERO);
    }

    /**
     * Commits what the task produced before its resources are closed: the offsets of every record Kafka acknowledged
     * (waiting for the acknowledgements first unless the task failed); nothing once the task was cancelled.
     */
    protected void finalCommit(boolean failed) {
        if (!failed && !isCancelled()) {
            try {
                if (!submitted.awaitAllAcked(flushTimeoutMs)) {
                    log.warn("{} {} records were not acknowledged within {} ms; their offsets stay uncommitted",
                            id, submitted.outstanding(), flushTimeoutMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!isCancelled()) {
            commitOffsets();
        }
    }

    @Override
    protected void close(boolean failed) {
        if (started && taskStopCalled.compareAndSet(false, true)) {
            try {
                task.stop();
            } catch (Throwable t) {
                log.warn("{} Source task threw while being stopped", id, t);
            }
        }
        try {
            finalCommit(failed);
        } catch (RuntimeException e) {
            log.error("{} Failed to commit while stopping", id, e);
        }
        producer.close(Duration.ofSeconds(30));
        admin.close();
        offsetReader.close();
        Utils.closeQuietly(transformations, "transformation chain");
        Utils.closeQuietly(converters, "converters");
        Utils.closeQuietly(errors, "error handler");
        Utils.closeQuietly(pluginMetrics instanceof AutoCloseable c ? c : null, "plugin metrics");
    }
}
