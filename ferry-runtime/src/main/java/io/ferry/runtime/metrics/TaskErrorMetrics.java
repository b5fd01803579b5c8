package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code task-error-metrics}: what the task's error handling (retries, tolerance, the error log and the dead letter
 * queue) did. Every count is cumulative since the task started.
 */
public final class TaskErrorMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final Sensor failures;
    private final Sensor errors;
    private final Sensor skipped;
    private final Sensor retries;
    private final Sensor logged;
    private final Sensor dlqRequests;
    private final Sensor dlqFailures;
    private final AtomicLong lastErrorMs = new AtomicLong();

    public TaskErrorMetrics(ConnectMetrics metrics, ConnectorTaskId id) {
        group = metrics.group("task-error-metrics", "connector", id.connector(), "task", String.valueOf(id.task()));
        failures = count("total-record-failures", "Failed attempts to process a record, retriable ones included.");
        errors = count("total-record-errors", "Records whose processing finally failed, after retries or beyond "
                + "the error tolerance.");
        skipped = count("total-records-skipped", "Records skipped because errors.tolerance=all tolerated their errors.");
        retries = count("total-retries", "Operations retried after a backoff.");
        logged = count("total-errors-logged", "Errors written to the log by errors.log.enable.");
        dlqRequests = count("deadletterqueue-produce-requests", "Records sent to the dead letter queue.");
        dlqFailures = count("deadletterqueue-produce-failures", "Records that could not be sent to the dead letter queue.");
        group.gauge("last-error-timestamp", "When the last error happened (epoch milliseconds); 0 if none.",
                lastErrorMs::get);
    }

    private Sensor count(String attribute, String description) {
        Sensor sensor = group.sensor(attribute);
        sensor.add(group.metricName(attribute, description), new CumulativeCount());
        return sensor;
    }

    /** One failed attempt, retriable or not. */
    public void recordFailure() {
        failures.record();
    }

    /** A record's processing failed for good at {@code nowMs} (after any retries): {@code last-error-timestamp}. */
    public void recordError(long nowMs) {
        errors.record();
        lastErrorMs.set(nowMs);
    }

    public void recordSkipped() {
        skipped.record();
    }

    public void recordRetry() {
        retries.record();
    }

    public void recordErrorLogged() {
        logged.record();
    }

    public void recordDeadLetterQueueRequest() {
        dlqRequests.record();
    }

    public void recordDeadLetterQueueFailure() {
        dlqFailures.record();
    }

    @Override
    public void close() {
        group.close();
    }
}
