package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A log lists the end of its topic through its admin client, not its consumer (whose answer waits behind its fetch);
 * read {@code read_committed}, it reads to the high watermark, not to the consumer's own end offsets (the last stable
 * offset, before open transactions); brokers that cannot list offsets for an admin client fail the start of an
 * exactly-once worker's stores with Apache Kafka Connect's message, and make other logs use their consumers.
 */
class KafkaLogReadCommittedTest {

    private static final String TOPIC = "offsets";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Node BROKER = new Node(0, "127.0.0.1", 9092);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final List<ConsumerRecord<byte[], byte[]>> read = new CopyOnWriteArrayList<>();
    private KafkaLog<byte[], byte[]> log;

    KafkaLogReadCommittedTest() {
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, BROKER, new Node[]{BROKER}, new Node[]{BROKER})));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        // What a read_committed consumer reports as the end: the last stable offset, which stays before open transactions.
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
    }

    @AfterEach
    void stop() {
        if (log != null) {
            log.stop();
        }
    }

    /** The consumer's next poll returns records with these values, from offset 0 on. */
    private void recordsArrive(String... values) {
        consumer.schedulePollTask(() -> {
            for (int i = 0; i < values.length; i++) {
                consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "k".getBytes(), values[i].getBytes()));
            }
        });
    }

    private static MockAdminClient admin() {
        MockAdminClient admin = new MockAdminClient(List.of(BROKER), BROKER);
        admin.addTopic(false, TOPIC, List.of(new TopicPartitionInfo(0, BROKER, List.of(BROKER), List.of(BROKER))), Map.of());
        return admin;
    }

    @Test
    void readsUpToTheHighWatermarkSoItWaitsForOpenTransactions() {
        MockAdminClient admin = admin();
        admin.updateEndOffsets(Map.of(PARTITION, 0L));
        log = new KafkaLog<>(TOPIC, null, () -> consumer, true, admin, read::add);
        log.start(Duration.ofSeconds(10));

        // Two records of a transaction still open: past the high watermark, invisible to the read_committed consumer.
        admin.updateEndOffsets(Map.of(PARTITION, 2L));
        assertThat(log.readToEnd(Duration.ofMillis(300))).as("read to the end while a transaction is open").isFalse();

        // The transaction commits: the consumer gets its records.
        recordsArrive("a", "b");
        assertThat(log.readToEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(read).extracting(r -> new String(r.value())).containsExactly("a", "b");
    }

    @Test
    void aStoreThatStartsWithWhatIsCommittedIsNotHeldUpByATransactionLeftOpen() {
        MockAdminClient admin = admin();
        // A worker killed during a transaction left two records open; they stay so until the transaction times out.
        admin.updateEndOffsets(Map.of(PARTITION, 2L));
        log = new KafkaLog<>(TOPIC, null, () -> consumer, true, admin, read::add);

        log.start(Duration.ofSeconds(10), true);

        assertThat(log.readToEnd(Duration.ofMillis(300))).as("a read past the open transaction still waits").isFalse();
    }

    @Test
    void aLogReadUncommittedListsTheEndThroughItsAdminClientNotItsConsumer() {
        MockAdminClient admin = admin();
        admin.updateEndOffsets(Map.of(PARTITION, 0L));
        log = new KafkaLog<>(TOPIC, null, () -> consumer, false, admin, read::add);
        log.start(Duration.ofSeconds(10));

        // Two records written; the consumer's own end offsets (behind its waiting fetch) do not know them yet.
        admin.updateEndOffsets(Map.of(PARTITION, 2L));
        assertThat(log.readToEnd(Duration.ofMillis(300))).as("read to the end before the records arrived").isFalse();
        recordsArrive("a", "b");
        assertThat(log.readToEnd(Duration.ofSeconds(10))).isTrue();
        assertThat(read).extracting(r -> new String(r.value())).containsExactly("a", "b");
    }

    @Test
    void aLogWithoutAnAdminClientUsesItsConsumersEndOffsets() {
        consumer.updateEndOffsets(Map.of(PARTITION, 2L));
        recordsArrive("a", "b");
        log = new KafkaLog<>(TOPIC, null, () -> consumer, false, null, read::add);
        log.start(Duration.ofSeconds(10));
        assertThat(read).hasSize(2);
    }

    @Test
    void aLogReadUncommittedFallsBackToItsConsumerWhenTheBrokersCannotListOffsetsForAnAdminClient() {
        consumer.updateEndOffsets(Map.of(PARTITION, 1L));
        recordsArrive("a");
        log = new KafkaLog<>(TOPIC, null, () -> consumer, false, new TooOldForListOffsets(), read::add);
        log.start(Duration.ofSeconds(10));
        assertThat(read).hasSize(1);
        assertThat(log.readToEnd(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void aLogReadCommittedNeedsAnAdminClient() {
        assertThatThrownBy(() -> new KafkaLog<byte[], byte[]>(TOPIC, null, () -> consumer, true, null, read::add))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void brokersThatCannotListOffsetsForAnAdminClientFailTheStartOfTheOffsetStore() {
        KafkaOffsetBackingStore store = new KafkaOffsetBackingStore(
                callback -> new KafkaLog<>(TOPIC, null, () -> consumer, true, new TooOldForListOffsets(), callback));
        assertThatThrownBy(store::start)
                .isInstanceOf(ConnectException.class)
                .hasMessage("Enabling exactly-once support for source connectors requires a Kafka broker version that "
                        + "allows admin clients to read consumer offsets. Please either disable the worker's "
                        + "exactly-once support for source connectors, or upgrade to a newer Kafka broker version.")
                .hasCauseInstanceOf(UnsupportedVersionException.class);
    }

    @Test
    void brokersThatCannotListOffsetsForAnAdminClientFailTheStartOfTheConfigStore() {
        MockConsumer<String, byte[]> configConsumer = new MockConsumer<>("earliest");
        configConsumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, BROKER, new Node[]{BROKER}, new Node[]{BROKER})));
        configConsumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        KafkaConfigStore store = new KafkaConfigStore(
                callback -> new KafkaLog<>(TOPIC, null, () -> configConsumer, true, new TooOldForListOffsets(), callback), null);
        assertThatThrownBy(store::start)
                .isInstanceOf(ConnectException.class)
                .hasMessage("Enabling exactly-once support for source connectors requires a Kafka broker version that "
                        + "allows admin clients to read consumer offsets. Please either disable the worker's "
                        + "exactly-once support for source connectors, or use a newer Kafka broker version.")
                .hasCauseInstanceOf(UnsupportedVersionException.class);
    }

    /** Brokers older than the admin client's ListOffsets. */
    private static final class TooOldForListOffsets extends MockAdminClient {
        TooOldForListOffsets() {
            super(List.of(BROKER), BROKER);
        }

        @Override
        public synchronized ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> specs, ListOffsetsOptions options) {
            assertThat(options.isolationLevel()).isEqualTo(IsolationLevel.READ_UNCOMMITTED);
            Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> results = new HashMap<>();
            specs.keySet().forEach(p -> {
                KafkaFutureImpl<ListOffsetsResult.ListOffsetsResultInfo> failed = new KafkaFutureImpl<>();
                failed.completeExceptionally(new UnsupportedVersionException("ListOffsets is not supported"));
                results.put(p, failed);
            });
            return new ListOffsetsResult(results);
        }
    }
}
