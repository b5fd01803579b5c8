package io.ferry.runtime.worker.errors;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.MetricsReader;
import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.worker.ManualTime;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryWithToleranceOperatorTest {

    private final ConnectMetrics registry = MetricsReader.registry(Time.SYSTEM);
    private final MetricsReader metrics = new MetricsReader(registry);

    private RetryWithToleranceOperator operator(long retryTimeoutMs, long maxDelayMs, boolean tolerateAll, Time time) {
        return new RetryWithToleranceOperator(retryTimeoutMs, maxDelayMs, tolerateAll, time,
                new TaskErrorMetrics(registry, new ConnectorTaskId("c", 0)));
    }

    private double errorMetric(String attribute) {
        return metrics.number("task-error-metrics", attribute, "connector", "c", "task", "0");
    }

    @AfterEach
    void closeMetrics() {
        registry.close();
    }

    private static ProcessingContext context() {
        return ProcessingContext.forConsumed(new ConsumerRecord<>("t", 0, 5L, null, new byte[]{1}));
    }

    @Test
    void retriableFailuresAreRetriedUntilTheySucceed() {
        RetryWithToleranceOperator operator = operator(5_000, 10, false, Time.SYSTEM);
        AtomicInteger calls = new AtomicInteger();
        String result = operator.execute(context(), Stage.VALUE_CONVERTER, String.class, () -> {
            if (calls.incrementAndGet() < 3) {
                throw new RetriableException("later");
            }
            return "done";
        });
        assertThat(result).isEqualTo("done");
        assertThat(calls).hasValue(3);
        assertThat(errorMetric("total-record-failures")).isEqualTo(2);
        assertThat(errorMetric("total-retries")).isEqualTo(2);
        assertThat(errorMetric("total-record-errors")).isZero();
        assertThat(errorMetric("last-error-timestamp")).as("no record failed for good").isZero();
    }

    @Test
    void withoutRetryTimeoutAFailureIsFinalAtOnce() {
        RetryWithToleranceOperator operator = operator(0, 10, false, Time.SYSTEM);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> operator.execute(context(), Stage.VALUE_CONVERTER, String.class, () -> {
            calls.incrementAndGet();
            throw new RetriableException("later");
        })).isInstanceOf(ConnectException.class).hasMessage("Tolerance exceeded in error handler");
        assertThat(calls).hasValue(1);
    }

    @Test
    void toleratedFailuresAreSkippedAndReported() {
        RetryWithToleranceOperator operator = operator(0, 10, true, Time.SYSTEM);
        List<ProcessingContext> reported = new ArrayList<>();
        operator.addReporter(c -> {
            reported.add(c);
            return CompletableFuture.completedFuture(null);
        });
        ProcessingContext context = context();
        Object result = operator.execute(context, Stage.VALUE_CONVERTER, String.class, () -> {
            throw new DataException("bad bytes");
        });
        assertThat(result).isNull();
        assertThat(context.failed()).isTrue();
        assertThat(reported).containsExactly(context);
        assertThat(context.stage()).isEqualTo(Stage.VALUE_CONVERTER);
        assertThat(operator.totalSkipped()).isEqualTo(1);
        assertThat(errorMetric("total-records-skipped")).isEqualTo(1);
        assertThat(errorMetric("total-record-errors")).isEqualTo(1);
        assertThat(errorMetric("total-record-failures")).isEqualTo(1);
        assertThat(errorMetric("last-error-timestamp")).isPositive();
    }

    @Test
    void onlyRetriableFailuresAreToleratedOutsideConversionAndTransformation() {
        RetryWithToleranceOperator operator = operator(0, 10, true, Time.SYSTEM);
        assertThatThrownBy(() -> operator.execute(context(), Stage.KAFKA_PRODUCE, String.class, () -> {
            throw new IllegalStateException("broken");
        })).hasMessage("Unhandled exception in error handler");
    }

    @Test
    void backoffDoublesFromThreeHundredMillisAndStaysWithinTheMaximum() {
        RetryWithToleranceOperator operator = operator(60_000, 1_000, false, Time.SYSTEM);
        assertThat(operator.backoff(1, 10_000)).isEqualTo(300);
        assertThat(operator.backoff(2, 10_000)).isEqualTo(600);
        assertThat(operator.backoff(3, 10_000)).isBetween(0L, 1_000L);
        assertThat(operator.backoff(1, 100)).isEqualTo(100);
    }

    @Test
    void retriesStopAtTheRetryTimeoutOfTheWorkersClock() {
        ManualTime time = new ManualTime();
        RetryWithToleranceOperator operator = operator(5_000, 1_000, false, time);
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> operator.execute(context(), Stage.VALUE_CONVERTER, String.class, () -> {
            calls.incrementAndGet();
            throw new RetriableException("later");
        })).isInstanceOf(ConnectException.class).hasMessage("Tolerance exceeded in error handler");
        assertThat(calls.get()).isGreaterThan(1);
        assertThat(time.milliseconds()).isEqualTo(ManualTime.START + 5_000);
    }
}
