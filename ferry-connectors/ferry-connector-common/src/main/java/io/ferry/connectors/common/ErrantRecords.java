package io.ferry.connectors.common;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * A sink task's records that cannot be delivered: to the dead letter queue when the connector has one (through the
 * runtime's {@link ErrantRecordReporter}, which also applies {@code errors.tolerance}), else the task fails. The task
 * waits for the reports before its offsets are committed ({@link #awaitReports}). Used on the task's thread only.
 */
public final class ErrantRecords {

    private static final Logger log = LoggerFactory.getLogger(ErrantRecords.class);

    private final ErrantRecordReporter reporter;
    private final List<Future<Void>> reports = new ArrayList<>();
    /** Written by the task's thread, read by metrics reporters. */
    private volatile long refused;

    public ErrantRecords(SinkTaskContext context) {
        ErrantRecordReporter found;
        try {
            found = context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            found = null; // A runtime older than Kafka 2.6.
        }
        this.reporter = found;
    }

    /** The record cannot be delivered: reported, or {@code error} thrown when there is no reporter. */
    public void refuse(SinkRecord record, RuntimeException error) {
        refused++;
        if (reporter == null) {
            throw error;
        }
        log.warn("{}; sent to the dead letter queue", error.getMessage());
        reports.add(reporter.report(record, error));
    }

    /** Waits until every record refused so far is in the dead letter queue. */
    public void awaitReports() {
        for (Future<Void> report : reports) {
            try {
                report.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing to the dead letter queue");
            } catch (ExecutionException e) {
                throw new ConnectException("Cannot write a refused record to the dead letter queue", e.getCause());
            }
        }
        reports.clear();
    }

    /** Records refused since the task started. */
    public long refused() {
        return refused;
    }
}
