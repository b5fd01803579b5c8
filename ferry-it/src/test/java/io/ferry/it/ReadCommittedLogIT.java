package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.runtime.storage.kafka.KafkaLog;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An internal topic read {@code read_committed} (a worker with exactly-once source support) on a real broker: reading
 * it to its end waits while a transaction on it is open, and then sees the records of a committed transaction and
 * none of an aborted one.
 */
class ReadCommittedLogIT {

    private static final String TOPIC = "read-committed-log";

    private final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private final List<String> read = new CopyOnWriteArrayList<>();
    private KafkaLog<String, String> log;
    private KafkaProducer<String, String> producer;

    @AfterEach
    void close() {
        if (log != null) {
            log.stop();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void readingToTheEndWaitsForTheOpenTransactionAndSeesOnlyCommittedRecords() {
        kafka.createTopic(TOPIC, 1, (short) 1);
        Map<String, Object> consumer = new HashMap<>();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        log = new KafkaLog<>(TOPIC, null, consumer, kafka.admin(), record -> read.add(record.value()));
        log.start(Duration.ofSeconds(60));

        producer = transactionalProducer();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "k", "committed-1"));
        producer.send(new ProducerRecord<>(TOPIC, "k", "committed-2"));
        producer.flush();
        assertThat(log.readToEnd(Duration.ofSeconds(3))).as("read to the end while the transaction is open").isFalse();
        assertThat(read).isEmpty();

        producer.commitTransaction();
        assertThat(log.readToEnd(Duration.ofSeconds(30))).as("read to the end once it committed").isTrue();
        assertThat(read).containsExactly("committed-1", "committed-2");

        producer.beginTransaction();
        producer.send(new ProducerRecord<>(TOPIC, "k", "aborted"));
        producer.flush();
        assertThat(log.readToEnd(Duration.ofSeconds(3))).as("read to the end while the transaction is open").isFalse();

        producer.abortTransaction();
        assertThat(log.readToEnd(Duration.ofSeconds(30))).as("read to the end once it aborted").isTrue();
        assertThat(read).containsExactly("committed-1", "committed-2");
    }

    private KafkaProducer<String, String> transactionalProducer() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "read-committed-log-writer");
        return new KafkaProducer<>(props);
    }
}
