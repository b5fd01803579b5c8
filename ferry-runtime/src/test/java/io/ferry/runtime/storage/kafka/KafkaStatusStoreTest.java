package io.ferry.runtime.storage.kafka;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker shows a status as soon as it writes it, and reading its own records back from the status topic never takes
 * a status back in time; once everything it wrote has been read back, the topic's order decides. Records are handed to
 * the store as its reader would hand them; what it writes goes to a {@link MockProducer}.
 */
class KafkaStatusStoreTest {

    private static final String TOPIC = "statuses";
    private static final Node BROKER = new Node(0, "127.0.0.1", 9092);
    private static final String HERE = "127.0.0.1:8083";
    private static final String ELSEWHERE = "127.0.0.1:8084";

    private final MockProducer<String, byte[]> producer =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final KafkaStatusStore store = new KafkaStatusStore(
            callback -> new KafkaLog<>(TOPIC, () -> producer, () -> consumer, false, null, callback), (c, t, used) -> { });
    private long offset;

    @BeforeEach
    void start() {
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, BROKER, new Node[]{BROKER}, new Node[]{BROKER})));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 0L));
        store.start();
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    private static ComponentStatus status(ComponentState state, String worker, int generation, String version) {
        return new ComponentStatus(state, null, worker, generation, version);
    }

    /** Hands the store the record its n-th write (from 0) produced, as the topic's reader would. */
    private void readBack(int write) {
        ProducerRecord<String, byte[]> sent = producer.history().get(write);
        store.apply(new ConsumerRecord<>(TOPIC, 0, offset++, sent.key(), sent.value()));
    }

    private void readFromOtherWorker(String key, String json) {
        store.apply(new ConsumerRecord<>(TOPIC, 0, offset++, key, json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRestartReadBackLateDoesNotShowTheConnectorStoppedAgain() {
        ComponentStatus restarting = status(ComponentState.RESTARTING, HERE, 3, "1.0");
        ComponentStatus unassigned = status(ComponentState.UNASSIGNED, HERE, 3, null);
        ComponentStatus running = status(ComponentState.RUNNING, HERE, 3, "1.0");
        store.putConnector("c", restarting);
        store.putConnector("c", unassigned);
        store.putConnector("c", running);
        assertThat(store.connector("c")).isEqualTo(running);

        readBack(0);
        assertThat(store.connector("c")).as("after RESTARTING was read back").isEqualTo(running);
        readBack(1);
        assertThat(store.connector("c")).as("after UNASSIGNED was read back").isEqualTo(running);
        readBack(2);
        assertThat(store.connector("c")).isEqualTo(running);

        // Everything written was read back: the topic's order decides again.
        readFromOtherWorker("status-connector-c",
                "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"" + ELSEWHERE + "\",\"generation\":4,\"version\":\"1.0\"}");
        assertThat(store.connector("c").workerId()).isEqualTo(ELSEWHERE);
    }

    @Test
    void whatOthersWroteBeforeAnUnreadWriteShowsOnlyIfTheTopicSaysSoAfterIt() {
        ConnectorTaskId task = new ConnectorTaskId("c", 0);
        ComponentStatus mine = status(ComponentState.RUNNING, HERE, 3, "1.0");
        store.putTask(task, mine);

        // Another worker's report of a later generation, in the topic before this worker's (older) one.
        readFromOtherWorker("status-task-c-0",
                "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"" + ELSEWHERE + "\",\"generation\":4,\"version\":\"1.0\"}");
        assertThat(store.task(task)).as("while this worker's write is unread").isEqualTo(mine);

        readBack(0);
        assertThat(store.task(task).workerId()).as("a report of an older generation does not replace a newer one")
                .isEqualTo(ELSEWHERE);
    }

    @Test
    void aRemovalShowsAtOnceAndStaysWhileOlderRecordsAreReadBack() {
        ConnectorTaskId task = new ConnectorTaskId("c", 1);
        store.putTask(task, status(ComponentState.RUNNING, HERE, 3, "1.0"));
        store.removeTask(task);
        assertThat(store.task(task)).isNull();

        readBack(0);
        assertThat(store.task(task)).as("the RUNNING written before the removal, read back").isNull();
        readBack(1);
        assertThat(store.task(task)).isNull();
        assertThat(producer.history()).extracting(ProducerRecord::value).last().isNull();
    }

    @Test
    void aWriteThatFailsLeavesWhatTheTopicSays() {
        ComponentStatus running = status(ComponentState.RUNNING, HERE, 3, "1.0");
        store.putConnector("c", running);
        readBack(0);
        producer.completeNext();

        store.putConnector("c", status(ComponentState.PAUSED, HERE, 3, "1.0"));
        assertThat(store.connector("c").state()).isEqualTo(ComponentState.PAUSED);
        producer.errorNext(new TimeoutException("no broker"));
        assertThat(store.connector("c")).as("the write did not reach the topic").isEqualTo(running);
    }

    @Test
    void theTopicIsWrittenInApacheKafkaConnectsFormat() {
        store.putConnector("c", status(ComponentState.RUNNING, HERE, 3, "1.0"));
        assertThat(producer.history()).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("status-connector-c");
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\"state\":\"RUNNING\",\"trace\":null,\"worker_id\":\"" + HERE + "\",\"generation\":3,\"version\":\"1.0\"}");
        });
    }
}
