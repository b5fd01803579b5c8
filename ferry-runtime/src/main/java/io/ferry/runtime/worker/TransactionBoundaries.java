package io.ferry.runtime.worker;

import io.ferry.runtime.config.SourceConnectorConfig;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * Where an exactly-once source task ends its transactions, as {@code transaction.boundary} says (KIP-618): after every
 * batch ({@code poll}, the default), once a transaction has been open for an interval ({@code interval}), or where the
 * task asks through its {@link WorkerTransactionContext} ({@code connector}). The task asks at three points of its
 * loop: after each record is handed to the producer (or dropped), after each poll, and before it pauses or stops.
 */
abstract class TransactionBoundaries {

    private static final Logger log = LoggerFactory.getLogger(TransactionBoundaries.class);

    /** What becomes of the open transaction at a point of the task's loop. */
    enum Decision {
        KEEP_OPEN,
        COMMIT,
        /** Abort it; the offsets it reached are still committed, so the task does not poll its records again. */
        ABORT
    }

    /**
     * The boundaries a connector's config asks for; {@code offset.flush.interval.ms} is the interval when
     * {@code transaction.boundary.interval.ms} is not set.
     */
    static TransactionBoundaries fromConfig(Map<String, String> connectorConfig, long offsetFlushIntervalMs,
                                            Time time) {
        String boundary = connectorConfig.getOrDefault(SourceConnectorConfig.TRANSACTION_BOUNDARY_CONFIG, "poll");
        switch (boundary.trim().toLowerCase(Locale.ROOT)) {
            case "interval":
                String interval = connectorConfig.get(SourceConnectorConfig.TRANSACTION_BOUNDARY_INTERVAL_CONFIG);
                return interval(interval == null || interval.isBlank() ? offsetFlushIntervalMs
                        : Long.parseLong(interval.trim()), time);
            case "connector":
                return connector(new WorkerTransactionContext());
            default:
                return poll();
        }
    }

    static TransactionBoundaries poll() {
        return new TransactionBoundaries() {
            @Override
            Decision afterBatch() {
                return Decision.COMMIT;
            }
        };
    }

    /** Commits at the first poll once a transaction has been open for {@code intervalMs}. */
    static TransactionBoundaries interval(long intervalMs, Time time) {
        return new TransactionBoundaries() {
            private long commitDueMs;

            @Override
            void transactionBegun() {
                commitDueMs = time.milliseconds() + intervalMs;
            }

            @Override
            Decision afterBatch() {
                return time.milliseconds() >= commitDueMs ? Decision.COMMIT : Decision.KEEP_OPEN;
            }
        };
    }

    /** Ends transactions where the task asks through {@code context}, and nowhere else. */
    static TransactionBoundaries connector(WorkerTransactionContext context) {
        return new TransactionBoundaries() {
            @Override
            WorkerTransactionContext context() {
                return context;
            }

            @Override
            Decision afterRecord(SourceRecord record) {
                Decision decision = context.takeRecordRequest(record);
                if (decision == Decision.ABORT) {
                    log.info("Aborting transaction for record on topic {} as requested by connector", record.topic());
                }
                return decision;
            }

            @Override
            Decision afterBatch() {
                Decision decision = context.takeBatchRequest();
                if (decision == Decision.ABORT) {
                    log.info("Aborting transaction for batch as requested by connector");
                }
                return decision;
            }

            /** Only what the task asked for: a transaction it did not end is aborted when the task stops. */
            @Override
            Decision beforeStop() {
                return afterBatch();
            }
        };
    }

    /** What the task's {@code SourceTaskContext.transactionContext()} returns: null unless it defines transactions. */
    WorkerTransactionContext context() {
        return null;
    }

    /** The task began a transaction. */
    void transactionBegun() {
    }

    /** After a record the task returned was handed to the producer, or dropped by a transformation or an error. */
    Decision afterRecord(SourceRecord record) {
        return Decision.KEEP_OPEN;
    }

    /** After the records of a poll were handed to the producer, or a poll returned none. */
    abstract Decision afterBatch();

    /** Before the task pauses, and when it stops cleanly. */
    Decision beforeStop() {
        return Decision.COMMIT;
    }
}
