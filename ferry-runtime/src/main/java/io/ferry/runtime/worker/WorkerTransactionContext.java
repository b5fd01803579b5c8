package io.ferry.runtime.worker;

import io.ferry.runtime.worker.TransactionBoundaries.Decision;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.TransactionContext;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@link TransactionContext} a source task gets with {@code transaction.boundary=connector}: the task asks for the
 * open transaction to be committed or aborted, after the current batch or at one of its records, and the worker takes
 * each request once it reaches that point (a request is used once). A task may ask from any of its threads.
 * <p>
 * Asking for both a commit and an abort of the same transaction is not refused here but where the worker takes the
 * request: a task could swallow an exception thrown back at it, while the worker fails the task, which is the safe
 * answer to a request that cannot be honoured without losing or duplicating data.
 */
final class WorkerTransactionContext implements TransactionContext {

    private final Set<SourceRecord> commitOn = new HashSet<>();
    private final Set<SourceRecord> abortOn = new HashSet<>();
    private boolean commitBatch;
    private boolean abortBatch;

    @Override
    public synchronized void commitTransaction() {
        commitBatch = true;
    }

    @Override
    public synchronized void commitTransaction(SourceRecord record) {
        commitOn.add(checked(record));
    }

    @Override
    public synchronized void abortTransaction() {
        abortBatch = true;
    }

    @Override
    public synchronized void abortTransaction(SourceRecord record) {
        abortOn.add(checked(record));
    }

    /** The request for the batch just handed to the producer (or the poll that returned nothing); it is used up. */
    synchronized Decision takeBatchRequest() {
        if (commitBatch && abortBatch) {
            throw new IllegalStateException("Connector requested both commit and abort of same transaction");
        }
        Decision request = abortBatch ? Decision.ABORT : commitBatch ? Decision.COMMIT : Decision.KEEP_OPEN;
        commitBatch = false;
        abortBatch = false;
        return request;
    }

    /**
     * The request made at this record (as the task returned it from {@code poll()}, compared by equality, as Apache
     * Kafka Connect does); it is used up.
     */
    synchronized Decision takeRecordRequest(SourceRecord record) {
        boolean commit = commitOn.contains(record);
        boolean abort = abortOn.contains(record);
        if (commit && abort) {
            throw new IllegalStateException(String.format(
                    "Connector requested both commit and abort of same record against topic/partition %s/%s",
                    record.topic(), record.kafkaPartition()));
        }
        if (abort) {
            abortOn.remove(record);
            return Decision.ABORT;
        }
        return commitOn.remove(record) ? Decision.COMMIT : Decision.KEEP_OPEN;
    }

    private static SourceRecord checked(SourceRecord record) {
        return Objects.requireNonNull(record, "Source record used to define transaction boundaries may not be null");
    }
}
