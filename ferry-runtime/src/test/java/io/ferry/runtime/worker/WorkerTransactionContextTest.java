package io.ferry.runtime.worker;

import io.ferry.runtime.worker.TransactionBoundaries.Decision;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The requests a task that defines its own transactions makes, as the worker takes them. */
class WorkerTransactionContextTest {

    private final WorkerTransactionContext context = new WorkerTransactionContext();

    private static SourceRecord record(int position) {
        return new SourceRecord(Map.of("file", "in.txt"), Map.of("position", position), "lines", 3,
                Schema.STRING_SCHEMA, "line " + position);
    }

    @Test
    void aRecordThatDefinesABoundaryMayNotBeNull() {
        assertThatThrownBy(() -> context.commitTransaction(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Source record used to define transaction boundaries may not be null");
        assertThatThrownBy(() -> context.abortTransaction(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("Source record used to define transaction boundaries may not be null");
    }

    @Test
    void aRequestForTheBatchIsTakenOnce() {
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.KEEP_OPEN);
        context.commitTransaction();
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.COMMIT);
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.KEEP_OPEN);
        context.abortTransaction();
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.ABORT);
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.KEEP_OPEN);
    }

    @Test
    void aRequestAtARecordIsTakenOnceAtAnEqualRecord() {
        context.commitTransaction(record(1));
        context.abortTransaction(record(2));

        assertThat(context.takeRecordRequest(record(3))).isEqualTo(Decision.KEEP_OPEN);
        assertThat(context.takeRecordRequest(record(1))).isEqualTo(Decision.COMMIT);
        assertThat(context.takeRecordRequest(record(1))).isEqualTo(Decision.KEEP_OPEN);
        assertThat(context.takeRecordRequest(record(2))).isEqualTo(Decision.ABORT);
        assertThat(context.takeRecordRequest(record(2))).isEqualTo(Decision.KEEP_OPEN);
        // Requests at records are not requests for the batch.
        assertThat(context.takeBatchRequest()).isEqualTo(Decision.KEEP_OPEN);
    }

    @Test
    void askingForBothACommitAndAnAbortIsRefusedWhereTheWorkerTakesTheRequest() {
        context.commitTransaction();
        context.abortTransaction();
        assertThatThrownBy(context::takeBatchRequest).isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of same transaction");

        context.commitTransaction(record(1));
        context.abortTransaction(record(1));
        assertThatThrownBy(() -> context.takeRecordRequest(record(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of same record against topic/partition lines/3");
    }
}
