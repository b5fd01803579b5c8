package io.ferry.runtime.worker.errors;

import io.ferry.runtime.metrics.TaskErrorMetrics;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one step of the record pipeline under the connector's error policy: retriable failures are retried with
 * growing pauses until {@code errors.retry.timeout}; a failure that remains is reported and either skips the record
 * ({@code errors.tolerance=all}) or fails the task ({@code none}).
 */
public class RetryWithToleranceOperator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetryWithToleranceOperator.class);
    static final long INITIAL_BACKOFF_MS = 300;

    private final long retryTimeoutMs;
    private final long maxDelayMs;
    private final boolean tolerateAll;
    private final Time time;
    private final List<ErrorReporter> reporters = new ArrayList<>();
    private final Object stopSignal = new Object();
    private volatile boolean stopping;
    private final TaskErrorMetrics metrics;
    private final AtomicLong totalFailures = new AtomicLong();
    private final AtomicLong totalSkipped = new AtomicLong();
    private final java.util.Queue<CompletableFuture<Void>> pendingReports = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * @param time    the clock of retry deadlines and pauses
     * @param metrics the task's {@code task-error-metrics}, which this operator and its reporters record
     */
    public RetryWithToleranceOperator(long retryTimeoutMs, long maxDelayMs, boolean tolerateAll, Time time,
                                      TaskErrorMetrics metrics) {
        this.metrics = metrics;
        this.retryTimeoutMs = retryTimeoutMs;
        this.maxDelayMs = maxDelayMs;
        this.tolerateAll = tolerateAll;
        this.time = time;
    }

    public void addReporter(ErrorReporter reporter) {
        reporters.add(reporter);
    }

    public TaskErrorMetrics metrics() {
        return metrics;
    }

    public boolean tolerateAll() {
        return tolerateAll;
    }

    public boolean hasReporters() {
        return !reporters.isEmpty();
    }

    /**
     * Runs the operation. Returns its result, or null with {@code context.failed()} set when the failure is tolerated.
     * Throws ConnectException when it is not.
     */
    public <V> V execute(ProcessingContext context, Stage stage, Class<?> executingClass, Callable<V> operation) {
        context.position(stage, executingClass);
        try {
            return runWithRetries(context, operation);
        } catch (Exception e) {
            context.error(e);
            totalFailures.incrementAndGet();
            metrics.recordError(time.milliseconds());
            boolean tolerable = stage.toleratesAnyException() || e instanceof RetriableException;
            if (!tolerable) {
                report(context, false);
                throw new ConnectException("Unhandled exception in error handler", e);
            }
            if (!tolerateAll) {
                report(context, false);
                throw new ConnectException("Tolerance exceeded in error handler", e);
            }
            totalSkipped.incrementAndGet();
            metrics.recordSkipped();
            report(context, true);
            return null;
        }
    }

    /**
     * Reports a record a task itself could not process (the errant record reporter): the report is returned when
     * the failure is tolerated, else the task fails after the failure is logged.
     */
    public CompletableFuture<Void> reportTaskFailure(ProcessingContext context, Stage stage, Class<?> executingClass,
                                                     Throwable error) {
        context.position(stage, executingClass);
        context.error(error);
        totalFailures.incrementAndGet();
        metrics.recordFailure();
        metrics.recordError(time.milliseconds());
        if (!tolerateAll) {
            report(context, false);
            throw new ConnectException("Tolerance exceeded in error handler", error);
        }
        totalSkipped.incrementAndGet();
        metrics.recordSkipped();
        return report(context, true);
    }

    private <V> V runWithRetries(ProcessingContext context, Callable<V> operation) throws Exception {
        long deadline = retryTimeoutMs < 0 ? Long.MAX_VALUE : time.milliseconds() + retryTimeoutMs;
        while (true) {
            context.attempt();
            try {
                return operation.call();
            } catch (RetriableException e) {
                long now = time.milliseconds();
                metrics.recordFailure();
                if (retryTimeoutMs == 0 || now >= deadline || stopping) {
                    throw e;
                }
                long delay = backoff(context.attempts(), deadline - now);
                log.debug("Retrying {} in stage {} in {} ms after: {}", context.executingClass(), context.stage(), delay, e.toString());
                pause(delay);
                metrics.recordRetry();
            } catch (Exception e) {
                metrics.recordFailure();
                throw e;
            }
        }
    }

    long backoff(int attempt, long remaining) {
        long delay = INITIAL_BACKOFF_MS << Math.min(attempt - 1, 30);
        if (delay > maxDelayMs) {
            delay = ThreadLocalRandom.current().nextLong(Math.max(1, maxDelayMs));
        }
        return Math.max(0, Math.min(delay, remaining));
    }

    /** Waits out a backoff; a stop request (triggerStop notifies the signal) ends it early. */
    private void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            time.waitObject(stopSignal, () -> stopping, time.milliseconds() + ms);
        } catch (TimeoutException e) {
            // the backoff is over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reports the context's failure to every reporter. The dead letter queue only receives records that are
     * skipped: a record that fails the task is processed again once the task is restarted.
     */
    public CompletableFuture<Void> report(ProcessingContext context, boolean skipped) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (ErrorReporter reporter : reporters) {
            if (!skipped && reporter instanceof DeadLetterQueueReporter) {
                continue;
            }
            try {
                futures.add(reporter.report(context));
            } catch (RuntimeException e) {
                log.error("Error reporter {} failed", reporter.getClass().getSimpleName(), e);
            }
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
        if (!all.isDone()) {
            pendingReports.add(all);
        }
        return all;
    }

    /** Waits until every report made so far is complete (a failed report is logged by its reporter). */
    public void awaitReports() {
        CompletableFuture<Void> next;
        while ((next = pendingReports.poll()) != null) {
            try {
                next.join();
            } catch (RuntimeException e) {
                log.warn("An error report could not be completed: {}", e.toString());
            }
        }
    }

    /** Stops any retry in progress, so a stopping task is not held up by back-off pauses. */
    public void triggerStop() {
        synchronized (stopSignal) {
            stopping = true;
            stopSignal.notifyAll();
        }
    }

    public long totalFailures() {
        return totalFailures.get();
    }

    public long totalSkipped() {
        return totalSkipped.get();
    }

    @Override
    public void close() {
        for (ErrorReporter reporter : reporters) {
            try {
                reporter.close();
            } catch (Exception e) {
                log.warn("Could not close error reporter {}", reporter.getClass().getSimpleName(), e);
            }
        }
    }
}
