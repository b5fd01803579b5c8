package io.ferry.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The limits of this machine and broker: Kafka's clients alone, with the settings a Connect worker gives its
 * source-task producers and sink-task consumers, in the bench's own JVM.
 */
public final class RawClients {

    private final BenchSettings settings;
    private final BenchBroker broker;
    private final Results results;
    private final TestData data;
    private final String filledTopic;

    public RawClients(BenchSettings settings, BenchBroker broker, Results results, TestData data, String filledTopic) {
        this.settings = settings;
        this.broker = broker;
        this.results = results;
        this.data = data;
        this.filledTopic = filledTopic;
    }

    /** N records into a fresh topic: from the first send until flush() returns, every one acknowledged. */
    public void producer(int round) {
        String topic = "raw-producer-" + round + "-" + System.currentTimeMillis();
        broker.createTopic(topic, 1);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // What a worker sets for its source tasks' producers; the rest is left at the client's defaults as there.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int i = 0; i < settings.records(); i++) {
                producer.send(new ProducerRecord<>(topic, data.line(i)));
            }
            producer.flush();
            results.record(Measure.RAW_PRODUCER_RATE, Results.RAW, round, settings.records() / Poll.secondsSince(start));
        }
    }

    /** The pre-filled topic read by a fresh group: from the first record received to the Nth. */
    public void consumer(int round) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-consumer-" + round + "-" + System.currentTimeMillis());
        // What a worker sets for its sink tasks' consumers.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(filledTopic));
            long deadline = System.nanoTime() + PipelineScenarios.RUN_TIMEOUT.toNanos();
            long first = 0;
            long received = 0;
            while (received < settings.records()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("raw consumer: " + received + " of " + settings.records()
                            + " records within " + PipelineScenarios.RUN_TIMEOUT.toMinutes() + " min");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                received += records.count();
            }
            results.record(Measure.RAW_CONSUMER_RATE, Results.RAW, round, settings.records() / Poll.secondsSince(first));
        }
    }
}
