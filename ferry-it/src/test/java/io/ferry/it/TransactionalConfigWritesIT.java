package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.kafka.KafkaConfigStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two workers of one cluster (one group.id, so one transactional id {@code connect-cluster-<group.id>}) that both
 * believe they lead, on a real broker: the one that claimed write privileges last fences the other, whose next
 * leader's write fails, while writes any worker may make (target states) still work for both.
 */
class TransactionalConfigWritesIT {

    private static final String GROUP = "fenced-leader";
    private static final String TOPIC = "fenced-leader-configs";

    private final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private final List<KafkaConfigStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(KafkaConfigStore::stop);
    }

    private KafkaConfigStore store(String worker) {
        Map<String, Object> producer = new HashMap<>();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer.put(ProducerConfig.CLIENT_ID_CONFIG, worker + "-configs");
        Map<String, Object> leader = new HashMap<>(producer);
        leader.put(ProducerConfig.CLIENT_ID_CONFIG, worker + "-configs-leader");
        leader.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "connect-cluster-" + GROUP);
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConfigStore store = new KafkaConfigStore(TOPIC, producer, consumer, kafka.admin(), leader);
        store.start();
        stores.add(store);
        return store;
    }

    @Test
    void theLeaderThatClaimedLastFencesTheOtherOnesWrites() {
        kafka.createTopic(TOPIC, 1, (short) 1);
        KafkaConfigStore first = store("first");
        KafkaConfigStore second = store("second");

        first.claimWritePrivileges();
        first.putConnectorConfig("one", Map.of("connector.class", "FileStreamSource"), TargetState.STARTED);
        assertThat(second.readToEnd(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(second.snapshot().connectors()).containsKey("one");

        second.claimWritePrivileges();
        assertThatThrownBy(() -> first.putConnectorConfig("two", Map.of("connector.class", "FileStreamSource"), null))
                .isInstanceOf(ConnectException.class)
                .hasMessage("Failed to write to config topic; this may be due to a transient error and the request "
                        + "can be safely retried");
        assertThatThrownBy(() -> first.putTaskConfigs("one", List.of(Map.of("task", "0"))))
                .as("the fenced worker holds no privileges until it claims again")
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Cannot produce to config topic without claiming write privileges first");

        first.putTargetState("one", TargetState.PAUSED);
        second.putConnectorConfig("three", Map.of("connector.class", "FileStreamSource"), null);
        assertThat(first.readToEnd(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(first.snapshot().connectors()).containsKeys("one", "three").doesNotContainKey("two");
        assertThat(first.snapshot().targetState("one")).isEqualTo(TargetState.PAUSED);
    }
}
