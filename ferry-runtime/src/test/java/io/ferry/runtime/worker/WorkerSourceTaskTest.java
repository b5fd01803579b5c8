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
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A source task against Kafka's MockProducer, whose sends stay unacknowledged until the test completes them. */
class WorkerSourceTaskTest {

    private static final ConnectorTaskId ID = new ConnectorTaskId("source", 0);
    private static final int BATCH = 1_000;

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final ConnectMetrics registry = MetricsReader.registry(Time.SYSTEM);
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private WorkerSourceTask workerTask;

    /** Returns a full batch from every poll, as a fast source (a file, a busy table) does. */
    public static class EndlessTask extends SourceTask {
        private final AtomicLong position = new AtomicLong();

        @Override
        public String version() {
            return "test";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public List<SourceRecord> poll() {
            List<SourceRecord> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                long n = position.getAndIncrement();
                batch.add(new SourceRecord(Map.of("file", "in.txt"), Map.of("position", n), "lines",
                        Schema.STRING_SCHEMA, "line " + n));
            }
            return batch;
        }

        @Override
        public void stop() {
        }
    }

    private void start() {
        ClassLoader loader = getClass().getClassLoader();
        OffsetCodec codec = new OffsetCodec();
        MemoryOffsetBackingStore offsets = new MemoryOffsetBackingStore();
        workerTask = new WorkerSourceTask(ID, new IsolatedSourceTask(new EndlessTask(), loader), Map.of(),
                TargetState.STARTED, new StateLog(),
                StringConverters.in(loader),
                new TransformationChain<>(List.of()),
                new RetryWithToleranceOperator(0, 0, false, Time.SYSTEM, new TaskErrorMetrics(registry, ID)),
                producer, new LazyAdmin(Map.of()), null, new OffsetStorageReaderImpl("source", offsets, codec),
                new OffsetStorageWriter("source", offsets, codec), null,
                new TaskMetrics(registry, ID, ComponentState.RUNNING, Map.of()), new SourceTaskMetrics(registry, ID),
                new TopicTracker(true), 10_000, Time.SYSTEM);
        thread.execute(workerTask);
    }

    @AfterEach
    void stop() {
        workerTask.stop();
        while (producer.completeNext()) {
            // Acknowledges what is left, so the task's final offset commit does not wait for it.
        }
        workerTask.awaitStop(10_000);
        thread.shutdownNow();
        registry.close();
    }

    @Test
    void aTaskPollsNoMoreWhileTooManyOfItsRecordsAwaitTheirAcknowledgement() {
        start();
        int limit = WorkerSourceTask.MAX_UNACKNOWLEDGED_RECORDS;
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= limit);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> producer.history().size() == limit);

        // Kafka acknowledges one batch's worth: the task polls one more batch, and waits again.
        for (int i = 0; i < BATCH; i++) {
            assertThat(producer.completeNext()).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() >= limit + BATCH);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                .until(() -> producer.history().size() == limit + BATCH);
    }
}
