package io.ferry.bench;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The one broker of a bench run, in the bench's JVM, and what the bench asks of it besides the workers' traffic. */
public final class BenchBroker implements AutoCloseable {

    private final EmbeddedKafkaCluster cluster;
    private final KafkaConsumer<byte[], byte[]> offsetWatcher;

    public BenchBroker(Path dataDir) {
        cluster = EmbeddedKafkaCluster.builder().brokers(1).dataDir(dataDir).build();
        cluster.start();
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        offsetWatcher = new KafkaConsumer<>(props);
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopic(String name, int partitions) {
        cluster.createTopic(name, partitions, (short) 1);
    }

    /** The number of records in a topic: the sum over its partitions of end minus beginning offsets. */
    public synchronized long recordCount(String topic) {
        List<TopicPartition> partitions = offsetWatcher.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(PartitionInfo::partition).map(p -> new TopicPartition(topic, p)).toList();
        Map<TopicPartition, Long> end = offsetWatcher.endOffsets(partitions, Duration.ofSeconds(10));
        Map<TopicPartition, Long> begin = offsetWatcher.beginningOffsets(partitions, Duration.ofSeconds(10));
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    /** The sum of the end offsets of some partitions: in a fresh topic, the records written so far. */
    public synchronized long endOffsetSum(List<TopicPartition> partitions) {
        return offsetWatcher.endOffsets(partitions, Duration.ofSeconds(10)).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Fills a topic with {@code records} copies of lines of {@code data}, spread evenly over its partitions. */
    public void fill(String topic, int partitions, int records, TestData data) {
        createTopic(topic, partitions);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Preparation, not measured. Without idempotence: the embedded broker has refused the sequence numbers of an
        // idempotent producer filling several fresh partitions at once (OutOfOrderSequenceException); one request in
        // flight keeps the records in order and the count check below catches anything else.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, data.line(i)));
            }
            producer.flush();
        }
        long count = recordCount(topic);
        if (count != records) {
            throw new IllegalStateException("Topic " + topic + " holds " + count + " records, not " + records);
        }
    }

    @Override
    public void close() {
        offsetWatcher.close();
        cluster.close();
    }
}
