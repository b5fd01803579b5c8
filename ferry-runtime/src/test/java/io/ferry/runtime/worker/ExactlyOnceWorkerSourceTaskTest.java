package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.MetricsReader;
import io.ferry.runtime.metrics.SourceTaskMetrics;
import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSourceTask;
import io.ferry.runtime.storage.MemoryOffsetBackingStore;
import io.ferry.runtime.storage.OffsetCodec;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import io.ferry.runtime.storage.OffsetStorageWriter;
import io.ferry.runtime.storage.TransactionalOffsetStore;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.TransactionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** An exactly-once source task against Kafka's MockProducer: batches and their offsets commit (or fail) together. */
class ExactlyOnceWorkerSourceTaskTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("source", 0);

    /** Values whose send the producer reports as aborted with their transaction, as KafkaProducer does for records
     * it had not sent yet when the transaction was aborted. */
    private final Set<String> abortedBeforeSent = ConcurrentHashMap.newKeySet();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                @Override
                public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                                                                Callback callback) {
                    if (record.value() != null
                            && abortedBeforeSent.contains(new String(record.value(), StandardCharsets.UTF_8))) {
                        callback.onCompletion(null, new TransactionAbortedException());
                        return CompletableFuture.failedFuture(new TransactionAbortedException());
                    }
                    return super.send(record, callback);
                }
            };
    private final BlockingQueue<List<SourceRecord>> batches = new LinkedBlockingQueue<>();
    /** What the task asks of its transaction context as it returns the next batch (see {@link #pollReturns}). */
    private final BlockingQueue<Consumer<TransactionContext>> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch taskStarted = new CountDownLatch(1);
    private volatile TransactionContext transactionContext;
    private final List<String> committedRecords = new CopyOnWriteArrayList<>();
    private final StateLog states = new StateLog();
    private final ConnectMetrics registry = MetricsReader.registry(Time.SYSTEM);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    /** Counted down once the offsets topic can be read to its end (no other task's transaction is open on it). */
    private volatile CountDownLatch openTransactionElsewhere = new CountDownLatch(0);
    private final java.util.concurrent.atomic.AtomicInteger offsetReads = new java.util.concurrent.atomic.AtomicInteger();
    private final MemoryOffsetBackingStore offsets = new MemoryOffsetBackingStore() {
        @Override
        public String topic() {
            return "offsets";
        }

        @Override
        public boolean readToEnd(long timeoutMs) {
            offsetReads.incrementAndGet();
            try {
                return openTransactionElsewhere.await(Math.min(timeoutMs, 20), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    };
    private ExactlyOnceWorkerSourceTask workerTask;
    /** What the task asked of the control plane as it started, with whether its producer had started then. */
    private final List<String> fencingCalls = new CopyOnWriteArrayList<>();
    private volatile boolean revoked;
    private volatile boolean fencingHangs;
    private final TaskFencing fencing = new TaskFencing() {
        @Override
        public Integer generation(String connector) {
            throw new AssertionError("asked by the worker as it builds the task, not by the task");
        }

        @Override
        public void fenceZombies(ConnectorTaskId id) {
            fencingCalls.add("fence " + id + (producer.transactionInitialized() ? " after" : " before") + " init");
            if (fencingHangs) {
                // As a task waits for a herder thread that is busy stopping it.
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new org.apache.kafka.connect.errors.ConnectException("Interrupted while waiting for the herder");
                }
            }
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
            transactionContext = context.transactionContext();
            taskStarted.countDown();
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            List<SourceRecord> batch = batches.poll(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            Consumer<TransactionContext> request = batch == null ? null : requests.poll();
            if (request != null) {
                request.accept(context.transactionContext());
            }
            return batch;
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
        start(TransactionBoundaries.poll(), Time.SYSTEM);
    }

    private void start(TransactionBoundaries boundaries, Time time) {
        ClassLoader loader = getClass().getClassLoader();
        OffsetCodec codec = new OffsetCodec();
        workerTask = new ExactlyOnceWorkerSourceTask(ID, new IsolatedSourceTask(new QueuedTask(), loader), Map.of(),
                TargetState.STARTED, states,
                StringConverters.in(loader),
                new TransformationChain<>(List.of()),
                new RetryWithToleranceOperator(0, 0, false, Time.SYSTEM, new TaskErrorMetrics(registry, ID)),
                producer, new LazyAdmin(Map.of()), null, new OffsetStorageReaderImpl("source", offsets, codec),
                new OffsetStorageWriter("source", new TransactionalOffsetStore(offsets, producer), codec), null,
                new TaskMetrics(registry, ID, ComponentState.RUNNING, Map.of()), new SourceTaskMetrics(registry, ID),
                new TopicTracker(true), 10_000, boundaries, fencing, 7, time);
        thread.execute(workerTask);
    }

    private static SourceRecord line(int n) {
        return new SourceRecord(Map.of("file", "in.txt"), Map.of("position", n), "lines", Schema.STRING_SCHEMA,
                "line " + n);
    }

    /** The task returns {@code records} from its next poll, asking {@code request} of its transaction context first. */
    private void pollReturns(Consumer<TransactionContext> request, SourceRecord... records) {
        requests.add(request);
        batches.add(List.of(records));
    }

    private void startWithConnectorBoundaries() throws InterruptedException {
        start(TransactionBoundaries.connector(new WorkerTransactionContext()), Time.SYSTEM);
        assertThat(taskStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(transactionContext).isNotNull();
    }

    private List<String> uncommitted(String topic) {
        return producer.uncommittedRecords().stream().filter(r -> r.topic().equals(topic))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    private double transactionSizeMax() {
        return new MetricsReader(registry).number("source-task-metrics", "transaction-size-max",
                "connector", "source", "task", "0");
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
        start(TransactionBoundaries.interval(5_000, time), time);
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
        start(TransactionBoundaries.interval(60_000, time), time);
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

    // ---- transaction.boundary=connector, and the commit when the task stops ----

    @ParameterizedTest
    @ValueSource(strings = {"poll", "interval"})
    void onlyATaskThatDefinesItsOwnTransactionsGetsATransactionContext(String boundary) throws InterruptedException {
        start(TransactionBoundaries.fromConfig(Map.of("transaction.boundary", boundary), 60_000, Time.SYSTEM),
                Time.SYSTEM);
        assertThat(taskStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(transactionContext).isNull();
    }

    @Test
    void aTransactionEndsAtTheRecordTheTaskCommitsOnAndTheRestOfTheBatchOpensTheNext() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(tx -> tx.commitTransaction(line(2)), line(1), line(2), line(3));

        await().atMost(Duration.ofSeconds(10)).until(() -> uncommitted("lines").size() == 1);
        assertThat(sent("lines")).containsExactly("line 1", "line 2");
        assertThat(sent("offsets")).containsExactly("{\"position\":2}");
        assertThat(uncommitted("lines")).containsExactly("line 3");
        assertThat(producer.transactionInFlight()).isTrue();
        assertThat(committedRecords).containsExactly("line 1", "line 2");

        // A commit of the batch ends the transaction after the batch's last record.
        pollReturns(TransactionContext::commitTransaction, line(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 4);
        assertThat(sent("lines")).containsExactly("line 1", "line 2", "line 3", "line 4");
        assertThat(sent("offsets")).containsExactly("{\"position\":2}", "{\"position\":4}");
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(transactionSizeMax()).isEqualTo(2);
        assertThat(states).containsExactly("RUNNING");
    }

    @Test
    void aTransactionTheTaskAbortsAtARecordIsNeverReadButItsOffsetsAreCommitted() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(tx -> tx.abortTransaction(line(2)), line(1), line(2), line(3));

        // The offsets commit on their own, so the aborted records are not polled again; line 3 opens the next one.
        await().atMost(Duration.ofSeconds(10)).until(() -> sent("offsets").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> uncommitted("lines").size() == 1);
        assertThat(sent("offsets")).containsExactly("{\"position\":2}");
        assertThat(sent("lines")).isEmpty();
        assertThat(uncommitted("lines")).containsExactly("line 3");
        // As in Apache Kafka Connect, the task hears of the aborted records once a transaction commits.
        assertThat(committedRecords).containsExactly("line 1", "line 2");

        pollReturns(tx -> tx.commitTransaction(line(4)), line(4));
        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 4);
        assertThat(sent("lines")).containsExactly("line 3", "line 4");
        assertThat(sent("offsets")).containsExactly("{\"position\":2}", "{\"position\":4}");
        assertThat(states).containsExactly("RUNNING");
    }

    @Test
    void aRecordDroppedWithItsAbortedTransactionDoesNotFailTheTask() throws InterruptedException {
        startWithConnectorBoundaries();
        abortedBeforeSent.add("line 2");
        pollReturns(tx -> tx.abortTransaction(line(2)), line(1), line(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent("offsets").size() == 1);

        pollReturns(TransactionContext::commitTransaction, line(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> sent("lines").size() == 1);
        assertThat(sent("lines")).containsExactly("line 3");
        assertThat(sent("offsets")).containsExactly("{\"position\":2}", "{\"position\":3}");
        // The record the producer never wrote is never reported to the task as written.
        assertThat(committedRecords).containsExactly("line 1", "line 3");
        assertThat(states).containsExactly("RUNNING");
    }

    @Test
    void aBatchTheTaskAbortsIsNeverReadButItsOffsetsAreCommitted() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(TransactionContext::abortTransaction, line(1), line(2));

        await().atMost(Duration.ofSeconds(10)).until(() -> sent("offsets").size() == 1);
        assertThat(sent("offsets")).containsExactly("{\"position\":2}");
        assertThat(sent("lines")).isEmpty();
        assertThat(producer.uncommittedRecords()).isEmpty();
        assertThat(producer.transactionInFlight()).isFalse();
        assertThat(states).containsExactly("RUNNING");
    }

    @Test
    void anAbortWithNoTransactionOpenIsIgnored() throws InterruptedException {
        startWithConnectorBoundaries();
        // MockProducer, like KafkaProducer, refuses to abort when no transaction is open: that would fail the task.
        pollReturns(TransactionContext::abortTransaction);
        pollReturns(TransactionContext::commitTransaction, line(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> committedRecords.size() == 1);
        assertThat(sent("lines")).containsExactly("line 1");
        assertThat(states).containsExactly("RUNNING");
    }

    @Test
    void askingToCommitAndAbortTheSameBatchFailsTheTask() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(tx -> {
            tx.commitTransaction();
            tx.abortTransaction();
        }, line(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("FAILED"));
        assertThat(states.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of same transaction");
        assertThat(producer.history()).isEmpty();
        assertThat(committedRecords).isEmpty();
    }

    @Test
    void askingToCommitAndAbortAtTheSameRecordFailsTheTask() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(tx -> {
            tx.commitTransaction(line(1));
            tx.abortTransaction(line(1));
        }, line(1));

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("FAILED"));
        assertThat(states.failure()).isInstanceOf(IllegalStateException.class)
                .hasMessage("Connector requested both commit and abort of same record against topic/partition "
                        + "lines/null");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void aTransactionTheTaskDoesNotEndStaysOpenWhileItIsPausedAndIsAbortedWhenItStops() throws InterruptedException {
        startWithConnectorBoundaries();
        pollReturns(tx -> { }, line(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> uncommitted("lines").size() == 1);

        workerTask.transitionTo(TargetState.PAUSED);
        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("PAUSED"));
        assertThat(producer.transactionInFlight()).isTrue();

        workerTask.stop();
        assertThat(workerTask.awaitStop(10_000)).isTrue();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(committedRecords).isEmpty();
    }

    @Test
    void theOpenTransactionIsCommittedWhenTheTaskStopsCleanly() {
        ManualTime time = new ManualTime();
        start(TransactionBoundaries.interval(60_000, time), time);
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        batches.add(List.of(line(1), line(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.uncommittedRecords().size() == 2);

        workerTask.stop();
        assertThat(workerTask.awaitStop(10_000)).isTrue();
        assertThat(sent("lines")).containsExactly("line 1", "line 2");
        assertThat(sent("offsets")).containsExactly("{\"position\":2}");
        assertThat(committedRecords).containsExactly("line 1", "line 2");
        assertThat(states).containsExactly("RUNNING", "UNASSIGNED");
    }

    @Test
    void aFailedTaskCommitsNothingMoreAndAbortsItsOpenTransaction() {
        ManualTime time = new ManualTime();
        start(TransactionBoundaries.interval(60_000, time), time);
        await().atMost(Duration.ofSeconds(10)).until(producer::transactionInitialized);
        pollReturns(tx -> { }, line(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.uncommittedRecords().size() == 1);

        pollReturns(tx -> {
            throw new IllegalStateException("the source went away");
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> states.contains("FAILED"));
        assertThat(workerTask.awaitStop(10_000)).isTrue();
        assertThat(producer.transactionAborted()).isTrue();
        assertThat(producer.history()).isEmpty();
        assertThat(committedRecords).isEmpty();
    }

    @Test
    void theTaskStartsOnlyOnceTransactionsOpenOnTheOffsetsTopicHaveCompleted() throws InterruptedException {
        openTransactionElsewhere = new CountDownLatch(1);
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> offsetReads.get() >= 3);
        assertThat(taskStarted.getCount()).as("started before its offsets could be read").isEqualTo(1);

        openTransactionElsewhere.countDown();

        assertThat(taskStarted.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTaskStoppedWhileItWaitsForItsFencingStopsAtOnceWithoutFailing() {
        fencingHangs = true;
        start();
        await().atMost(Duration.ofSeconds(10)).until(() -> fencingCalls.size() == 1);

        workerTask.stop();

        assertThat(workerTask.awaitStop(5_000)).as("stopped without waiting for the fencing").isTrue();
        assertThat(states).containsExactly("UNASSIGNED");
        assertThat(producer.transactionInitialized()).isFalse();
        assertThat(taskStarted.getCount()).isEqualTo(1);
    }
}
