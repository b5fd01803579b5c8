package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.MetricsReader;
import io.ferry.runtime.metrics.SourceTaskMetrics;
import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedConverter;
import io.ferry.runtime.plugins.IsolatedHeaderConverter;
import io.ferry.runtime.plugins.IsolatedSourceTask;
import io.ferry.runtime.storage.MemoryOffsetBackingStore;
import io.ferry.runtime.storage.OffsetCodec;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import io.ferry.runtime.storage.OffsetStorageWriter;
import io.ferry.runtime.storage.TransactionalOffsetStore;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An exactly-once source task against Kafka's MockProducer: batches and their offsets commit (or fail) together. */
class ExactlyOnceWorkerSourceTaskTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("source", 0);

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final BlockingQueue<List<SourceRecord>> batches = new LinkedBlockingQueue<>();
    private final List<String> committedRecords = new CopyOnWriteArrayList<>();
    private final StateLog states = new StateLog();
    private final ConnectMetrics registry = MetricsReader.registry(Time.SYSTEM);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final MemoryOffsetBackingStore offsets = new MemoryOffsetBackingStore() {
        @Override
        public String topic() {
            return "offsets";
        }
    };
    private ExactlyOnceWorkerSourceTask workerTask;
    /** What the task asked of the control plane as it started, with whether its producer had started then. */
    private final List<String> fencingCalls = new CopyOnWriteArrayList<>();
    private volatile boolean revoked;
    private final TaskFencing fencing = new TaskFencing() {
        @Override
        public Integer generation(String connector) {
            throw new AssertionError("asked by the worker as it builds the task, not by the task");
        }

        @Override
        public void fenceZombies(ConnectorTaskId id) {
            fencingCalls.add("fence " + id + (producer.transactionInitialized() ? " after" : " before") + " init");
        }

        @Override
        public void checkStillCurrent(ConnectorTaskId id, Integer generation) {
            fencingCalls.add("check " + id + " generation " + generation
                    + (producer.transactionInitialized() ? " after" : " before") + " init");
            if (revoked) {
                throw new org.apache.kafka.connect.errors.ConnectException("Cannot start source task " + id
                        + " as it has already been revoked from this worker");
            }
        }
    };

    /** Returns the batches the test queues, one per poll. */
    public class QueuedTask extends SourceTask {
        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            return batches.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
        }

        @Override
        public void commitRecord(SourceRecord record, RecordMetadata metadata) {
            committedRecords.add((String) record.value());
        }

        @Override
        public void stop() {
        }
    }

    private void start() {
        start(0, Time.SYSTEM);
    }

    private void start(long transactionIntervalMs, Time time) {
        ClassLoader loader = getClass().getClassLoader();
        StringConverter key = new StringConverter();
        key.configure(Map.of(), true);
        StringConverter value = new StringConverter();
        value.configure(Map.of(), false);
        OffsetCodec codec = new OffsetCodec();
        workerTask = new ExactlyOnceWorkerSourceTask(ID, new IsolatedSourceTask(new QueuedTask(), loader), Map.of(),
                TargetState.STARTED, states,
                new ConverterSet(new IsolatedConverter(key, loader), new IsolatedConverter(value, loader),
                        new IsolatedHeaderConverter(new SimpleHeaderConverter(), loader)),
                new TransformationChain<>(List.of()),
                new RetryWithToleranceOperator(0, 0, false, Time.SYSTEM, new TaskErrorMetrics(registry, ID)),
                producer, new LazyAdmin(Map.of()), null, new OffsetStorageReaderImpl("source", offsets, codec),
                new OffsetStorageWriter("source", new TransactionalOffsetStore(offsets, producer), codec), null,
                new TaskMetrics(registry, ID, ComponentState.RUNNING, Map.of()), new SourceTaskMetrics(registry, ID),
                new TopicTracker(true), 10_000, transactionIntervalMs, fencing, 7, time);
        thread.execute(workerTask);
    }

    private static SourceRecord line(int n) {
        return new SourceRecord(Map.of("file", "in.txt"), Map.of("position", n), "lines", Schema.STRING_SCHEMA,
                "line " + n);
    }

    private List<String> sent(String topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @AfterEach
    void stop() {
        workerTask.stop();
        workerTask.awaitStop(10_000);
        thread.shutdownNow();
        registry.close();
    }

    @Test
    void aBatchAndItsOffsetCommitInOneTransactionBeforeTheTaskHearsOfIt() {
        start();
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        batches.add(List.of(line(1), line(2), line(3)));

        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 3);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(sent("lines")).containsExactly("line 1", "line 2", "line 3");
        // One offset record per source partition: the batch's last position, in the same transaction.
        assertThat(sent("offsets")).containsExactly("{\"position\":3}");
        assertThat(producer.history().stream().map(ProducerRecord::topic))
                .containsExactly("lines", "lines", "lines", "offsets");
        assertThat(states).containsExactly("RUNNING");
        MetricsReader metrics = new MetricsReader(registry);
        assertThat(metrics.number("source-task-metrics", "transaction-size-max", "connector", "source", "task", "0"))
                .isEqualTo(3);
    }

    @Test
    void withAnIntervalBoundaryBatchesShareATransactionUntilTheIntervalIsOver() {
        ManualTime time = new ManualTime();
        start(5_000, time);
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        batches.add(List.of(line(1)));
        batches.add(List.of(line(2), line(3)));
        // Both batches are in the open transaction: sent, not committed, not acknowledged to the task.
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.uncommittedRecords().size() == 3);
        assertThat(producer.transactionInFlight()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(committedRecords).isEmpty();

        time.sleep(5_000); // the interval is over: the next (empty) poll commits
        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 3);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(sent("offsets")).containsExactly("{\"position\":3}");
        assertThat(new MetricsReader(registry).number("source-task-metrics", "transaction-size-max",
                "connector", "source", "task", "0")).isEqualTo(3);
    }

    @Test
    void anOpenTransactionIsCommittedBeforeTheTaskPauses() {
        ManualTime time = new ManualTime();
        start(60_000, time);
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        batches.add(List.of(line(1), line(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.uncommittedRecords().size() == 2);

        workerTask.transitionTo(TargetState.PAUSED);

        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 2);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(sent("offsets")).containsExactly("{\"position\":2}");
        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("PAUSED"));
    }

    @Test
    void aFencedTaskFailsAndItsBatchIsNeitherCommittedNorAcknowledged() {
        start();
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        batches.add(List.of(line(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 1);

        // Another instance of the task started elsewhere and took over the transactional id.
        producer.fenceProducer();
        batches.add(List.of(line(2)));

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("FAILED"));
        assertThat(committedRecords).containsExactly("line 1");
        assertThat(sent("offsets")).containsExactly("{\"position\":1}");
    }

    @Test
    void earlierTasksAreFencedBeforeTheProducerStartsAndTheTaskChecksItIsStillCurrentAfter() {
        start();
        batches.add(List.of(line(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 1);

        assertThat(fencingCalls).containsExactly("fence source-0 before init", "check source-0 generation 7 after init");
    }

    @Test
    void aTaskRevokedOrReplacedWhileItsProducerStartedFailsWithoutPollingOrWriting() {
        revoked = true;
        batches.add(List.of(line(1)));
        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("FAILED"));
        assertThat(states).doesNotContain("RUNNING");
        assertThat(batches).hasSize(1);
        assertThat(producer.history()).isEmpty();
        assertThat(producer.uncommittedRecords()).isEmpty();
    }
}
