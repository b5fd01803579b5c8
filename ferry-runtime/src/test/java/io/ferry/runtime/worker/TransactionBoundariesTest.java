package io.ferry.runtime.worker;

import io.ferry.runtime.worker.TransactionBoundaries.Decision;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where each {@code transaction.boundary} ends an exactly-once task's transactions. */
class TransactionBoundariesTest {

    private final ManualTime time = new ManualTime();

    private static SourceRecord record(int position) {
        return new SourceRecord(Map.of("file", "in.txt"), Map.of("position", position), "lines", Schema.STRING_SCHEMA,
                "line " + position);
    }

    @Test
    void pollEndsEveryBatchAndIsTheDefault() {
        for (TransactionBoundaries poll : new TransactionBoundaries[]{
                TransactionBoundaries.fromConfig(Map.of(), 60_000, time),
                TransactionBoundaries.fromConfig(Map.of("transaction.boundary", " POLL "), 60_000, time)}) {
            poll.transactionBegun();
            assertThat(poll.afterRecord(record(1))).isEqualTo(Decision.KEEP_OPEN);
            assertThat(poll.afterBatch()).isEqualTo(Decision.COMMIT);
            assertThat(poll.beforeStop()).isEqualTo(Decision.COMMIT);
            assertThat(poll.context()).isNull();
        }
    }

    @Test
    void intervalCommitsOnceATransactionHasBeenOpenThatLong() {
        TransactionBoundaries interval = TransactionBoundaries.fromConfig(
                Map.of("transaction.boundary", "interval", "transaction.boundary.interval.ms", "5000"), 60_000, time);
        interval.transactionBegun();
        time.sleep(4_999);
        assertThat(interval.afterBatch()).isEqualTo(Decision.KEEP_OPEN);
        time.sleep(1);
        assertThat(interval.afterBatch()).isEqualTo(Decision.COMMIT);
        assertThat(interval.afterRecord(record(1))).isEqualTo(Decision.KEEP_OPEN);
        assertThat(interval.context()).isNull();

        interval.transactionBegun();
        assertThat(interval.afterBatch()).isEqualTo(Decision.KEEP_OPEN);
        assertThat(interval.beforeStop()).isEqualTo(Decision.COMMIT);
    }

    @Test
    void intervalDefaultsToTheOffsetFlushInterval() {
        TransactionBoundaries interval = TransactionBoundaries.fromConfig(
                Map.of("transaction.boundary", "interval"), 60_000, time);
        interval.transactionBegun();
        time.sleep(59_999);
        assertThat(interval.afterBatch()).isEqualTo(Decision.KEEP_OPEN);
        time.sleep(1);
        assertThat(interval.afterBatch()).isEqualTo(Decision.COMMIT);
    }

    @Test
    void connectorEndsTransactionsOnlyWhereTheTaskAsks() {
        TransactionBoundaries connector = TransactionBoundaries.fromConfig(
                Map.of("transaction.boundary", "connector"), 60_000, time);
        WorkerTransactionContext context = connector.context();
        assertThat(context).isNotNull();
        time.sleep(3_600_000);
        assertThat(connector.afterRecord(record(1))).isEqualTo(Decision.KEEP_OPEN);
        assertThat(connector.afterBatch()).isEqualTo(Decision.KEEP_OPEN);
        assertThat(connector.beforeStop()).isEqualTo(Decision.KEEP_OPEN);

        context.abortTransaction(record(2));
        assertThat(connector.afterRecord(record(2))).isEqualTo(Decision.ABORT);
        context.commitTransaction();
        assertThat(connector.beforeStop()).isEqualTo(Decision.COMMIT);
        assertThat(connector.afterBatch()).isEqualTo(Decision.KEEP_OPEN);
    }
}
