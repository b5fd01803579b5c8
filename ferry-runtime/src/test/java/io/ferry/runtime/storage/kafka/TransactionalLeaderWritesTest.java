package io.ferry.runtime.storage.kafka;

import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.SessionKey;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The leader's writes to the config topic with exactly-once source support ({@code preparing} or {@code enabled}):
 * each in a transaction of the producer claimed on becoming leader; target states and log levels, which any worker
 * writes, through the plain producer; a failed transaction gives the producer up until the next claim.
 */
class TransactionalLeaderWritesTest {

    private static final String TOPIC = "configs";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final Node BROKER = new Node(0, "127.0.0.1", 9092);

    private final MockConsumer<String, byte[]> consumer = consumer();
    private final MockProducer<String, byte[]> plain = producer();
    /** Every transactional producer the store created, in order. */
    private final List<MockProducer<String, byte[]>> leaderProducers = new ArrayList<>();
    private final KafkaConfigStore store;

    TransactionalLeaderWritesTest() {
        store = new KafkaConfigStore(callback -> new KafkaLog<>(TOPIC, () -> plain, () -> consumer, false, null, callback),
                () -> {
                    MockProducer<String, byte[]> producer = producer();
                    leaderProducers.add(producer);
                    return producer;
                });
        store.start();
    }

    /** A reader of an empty topic: every write is "read back" at once (what is read is not this test's subject). */
    private static MockConsumer<String, byte[]> consumer() {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, BROKER, new Node[]{BROKER}, new Node[]{BROKER})));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        return consumer;
    }

    private static MockProducer<String, byte[]> producer() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    private MockProducer<String, byte[]> leaderProducer() {
        return leaderProducers.get(leaderProducers.size() - 1);
    }

    private static List<String> keys(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::key).toList();
    }

    @Test
    void claimingInitializesTheTransactionalProducerOnce() {
        store.claimWritePrivileges();
        store.claimWritePrivileges();
        assertThat(leaderProducers).hasSize(1);
        assertThat(leaderProducer().transactionInitialized()).isTrue();
    }

    @Test
    void eachOfTheLeadersWritesIsOneTransaction() {
        store.claimWritePrivileges();
        MockProducer<String, byte[]> producer = leaderProducer();

        store.putConnectorConfig("source", Map.of("connector.class", "S"), TargetState.PAUSED);
        assertThat(producer.commitCount()).isEqualTo(1);
        assertThat(keys(producer.history())).containsExactly("target-state-source", "connector-source");

        store.putTaskConfigs("source", List.of(Map.of("task", "0"), Map.of("task", "1")));
        assertThat(producer.commitCount()).as("the task configs, then their commit record").isEqualTo(3);
        assertThat(keys(producer.history())).endsWith("task-source-0", "task-source-1", "commit-source");

        store.putRestartRequest("source", true, false);
        store.putSessionKey(new SessionKey(new SecretKeySpec(new byte[]{1, 2, 3}, "HmacSHA256"), 1000));
        store.putTaskCountRecord("source", 2);
        store.removeConnectorConfig("source");
        assertThat(producer.commitCount()).isEqualTo(7);
        assertThat(keys(producer.history())).endsWith("restart-connector-source", "session-key", "tasks-fencing-source",
                "connector-source", "target-state-source");
        assertThat(plain.history()).as("nothing of the leader's through the plain producer").isEmpty();
    }

    @Test
    void targetStatesAndLogLevelsAreWrittenWithoutTheLeadersProducer() {
        store.putTargetState("source", TargetState.STOPPED);
        store.putLoggerLevel("org.example", "DEBUG");
        assertThat(keys(plain.history())).containsExactly("target-state-source", "logger-cluster-org.example");
        assertThat(leaderProducers).as("no claim needed").isEmpty();
    }

    @Test
    void aLeadersWriteWithoutAClaimIsRefused() {
        assertThatThrownBy(() -> store.putConnectorConfig("source", Map.of("connector.class", "S"), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot produce to config topic without claiming write privileges first");
        assertThat(plain.history()).isEmpty();
    }

    @Test
    void aFencedLeaderFailsItsWriteAndMustClaimAgain() {
        store.claimWritePrivileges();
        MockProducer<String, byte[]> fenced = leaderProducer();
        fenced.fenceProducer();

        assertThatThrownBy(() -> store.putSessionKey(new SessionKey(new SecretKeySpec(new byte[]{1}, "HmacSHA256"), 1)))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Failed to write to config topic; this may be due to a transient error and the request "
                        + "can be safely retried");
        assertThat(fenced.closed()).as("the failed producer is given up").isTrue();
        assertThatThrownBy(() -> store.putRestartRequest("source", false, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot produce to config topic without claiming write privileges first");

        store.claimWritePrivileges();
        assertThat(leaderProducers).hasSize(2);
        store.putRestartRequest("source", false, false);
        assertThat(keys(leaderProducer().history())).containsExactly("restart-connector-source");
    }

    @Test
    void aClaimThatFailsSaysSoAndLeavesNothingOpen() {
        KafkaConfigStore failing = new KafkaConfigStore(
                callback -> new KafkaLog<>(TOPIC, MockProducer::new, TransactionalLeaderWritesTest::consumer, false,
                        null, callback),
                () -> {
                    MockProducer<String, byte[]> producer = producer();
                    producer.initTransactionException = new org.apache.kafka.common.errors.TimeoutException("no coordinator");
                    leaderProducers.add(producer);
                    return producer;
                });
        assertThatThrownBy(failing::claimWritePrivileges)
                .isInstanceOf(ConnectException.class)
                .hasMessage("Failed to create and initialize fencable producer for config topic");
        assertThat(leaderProducer().closed()).isTrue();
    }

    @Test
    void releasingClosesTheProducer() {
        store.claimWritePrivileges();
        store.releaseWritePrivileges();
        assertThat(leaderProducer().closed()).isTrue();
        assertThatThrownBy(() -> store.putTaskCountRecord("source", 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutExactlyOnceSupportTheLeaderWritesPlainly() {
        MockProducer<String, byte[]> onlyProducer = producer();
        KafkaConfigStore plainStore = new KafkaConfigStore(
                callback -> new KafkaLog<>(TOPIC, () -> onlyProducer, TransactionalLeaderWritesTest::consumer, false, null,
                        callback), null);
        plainStore.start();
        try {
            plainStore.claimWritePrivileges();
            plainStore.putConnectorConfig("source", Map.of("connector.class", "S"), TargetState.STARTED);
            assertThat(keys(onlyProducer.history())).containsExactly("target-state-source", "connector-source");
        } finally {
            plainStore.stop();
        }
    }
}
