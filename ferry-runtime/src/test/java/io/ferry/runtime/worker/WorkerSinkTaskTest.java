package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.MetricsReader;
import io.ferry.runtime.metrics.SinkTaskMetrics;
import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSinkTask;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sink task loop against Kafka's MockConsumer: delivery, commits, retries, rewinds and pauses. */
class WorkerSinkTaskTest {

    private static final TopicPartition TP = new TopicPartition("in", 0);
    private static final ConnectorTaskId ID = new ConnectorTaskId("sink", 0);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<String> delivered = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> states = new ConcurrentHashMap<>();
    private final StateLog stateLog = new StateLog();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private volatile Consumer<RecordingTask> onPut = t -> { };
    private WorkerSinkTask workerTask;
    private final ConnectMetrics registry = MetricsReader.registry(Time.SYSTEM);
    private final MetricsReader metrics = new MetricsReader(registry);

    /** A sink task that records what it receives and runs a test-supplied action in put. */
    public class RecordingTask extends SinkTask {
        Collection<SinkRecord> batch;

        org.apache.kafka.connect.sink.SinkTaskContext ctx() {
            return context;
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            batch = records;
            onPut.accept(this);
            records.forEach(r -> delivered.add((String) r.value()));
        }

        @Override
        public void stop() {
        }
    }

    private RecordingTask start(long commitIntervalMs) {
        RecordingTask task = new RecordingTask();
        consumer.updateBeginningOffsets(Map.of(TP, 0L));
        ClassLoader loader = getClass().getClassLoader();
        workerTask = new WorkerSinkTask(ID, new IsolatedSinkTask(task, loader), Map.of(), TargetState.STARTED, stateLog,
                StringConverters.in(loader), new TransformationChain<>(List.of()),
                new RetryWithToleranceOperator(0, 0, false, Time.SYSTEM, new TaskErrorMetrics(registry, ID)), consumer,
                false, null, new TaskMetrics(registry, ID, ComponentState.RUNNING, Map.of()),
                new SinkTaskMetrics(registry, ID), new TopicTracker(true), commitIntervalMs, List.of("in"), null,
                Time.SYSTEM);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(TP)));
        thread.execute(workerTask);
        return task;
    }

    /** Makes the records available to one poll, as a broker would return them together. */
    private void produce(long firstOffset, String... values) {
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>("in", 0, firstOffset + i, null,
                        values[i].getBytes(StandardCharsets.UTF_8)));
            }
        });
    }

    private long committed() {
        OffsetAndMetadata o = consumer.committed(Set.of(TP)).get(TP);
        return o == null ? -1 : o.offset();
    }

    @AfterEach
    void stop() {
        workerTask.stop();
        workerTask.awaitStop(10_000);
        thread.shutdownNow();
        registry.close();
    }

    @Test
    void deliversRecordsAndCommitsWhatTheTaskAccepted() {
        start(60_000);
        onPut = t -> {
            if (!t.batch.isEmpty()) {
                t.ctx().requestCommit();
            }
        };
        produce(0, "a", "b", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 3);
        assertThat(delivered).containsExactly("a", "b", "c");
        assertThat(stateLog).startsWith("RUNNING");
        String[] tags = {"connector", "sink", "task", "0"};
        assertThat(metrics.number("sink-task-metrics", "sink-record-read-total", tags)).isEqualTo(3);
        assertThat(metrics.number("sink-task-metrics", "sink-record-send-total", tags)).isEqualTo(3);
        assertThat(metrics.number("sink-task-metrics", "partition-count", tags)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                metrics.number("sink-task-metrics", "offset-commit-completion-total", tags) >= 1);
        assertThat(metrics.number("sink-task-metrics", "sink-record-active-count", tags)).isZero();
        assertThat(metrics.number("connector-task-metrics", "batch-size-max", tags)).isEqualTo(3);
        assertThat(metrics.number("connector-task-metrics", "offset-commit-success-percentage", tags)).isEqualTo(1.0);
    }

    @Test
    void retriableFailureRedeliversTheSameBatchAndCommitsOnlyAfterSuccess() {
        start(100);
        List<Integer> attempts = new ArrayList<>();
        onPut = t -> {
            if (!t.batch.isEmpty() && attempts.size() < 2) {
                attempts.add(t.batch.size());
                t.ctx().timeout(50);
                throw new RetriableException("not yet");
            }
        };
        produce(0, "a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(attempts).containsExactly(2, 2);
        assertThat(delivered).containsExactly("a", "b");
        await().atMost(Duration.ofSeconds(10)).until(() -> committed() == 2);
    }

    @Test
    void taskCanRewindItsPartitions() {
        start(60_000);
        onPut = t -> {
            if (t.batch.size() == 3 && delivered.isEmpty()) {
                t.ctx().offset(TP, 1);
            }
        };
        produce(0, "a", "b", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 3);
        // The log still holds offsets 1 and 2; after the rewind the consumer reads them again.
        produce(1, "b", "c");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() >= 5);
        assertThat(delivered).containsExactly("a", "b", "c", "b", "c");
    }

    @Test
    void pausingStopsDeliveryUntilResumed() {
        start(60_000);
        produce(0, "a");
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 1);
        workerTask.transitionTo(TargetState.PAUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> stateLog.contains("PAUSED"));
        assertThat(consumer.paused()).contains(TP);
        produce(1, "b");
        workerTask.transitionTo(TargetState.STARTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> delivered.size() == 2);
        assertThat(consumer.paused()).isEmpty();
        assertThat(stateLog).containsSubsequence("RUNNING", "PAUSED", "RUNNING");
    }
}
