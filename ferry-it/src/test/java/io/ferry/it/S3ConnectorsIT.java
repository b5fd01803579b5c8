package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.it.support.DocExamples;
import io.ferry.it.support.S3Proxy;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.FerryConnectors;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ferry's S3 connectors against s3proxy (an S3-compatible server over a directory), with a real worker and broker. */
class S3ConnectorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static S3Proxy s3;

    @BeforeAll
    static void startS3(@TempDir Path dir) throws IOException {
        s3 = S3Proxy.start(dir);
    }

    @AfterAll
    static void stopS3() throws InterruptedException {
        if (s3 != null) {
            s3.close();
        }
    }

    private static String uniqueId() {
        return "s3-" + Long.toString(System.nanoTime(), 36);
    }

    private static void produce(String topic, int from, int to, int partitions) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null, "r-" + i));
            }
        }
    }

    private static Map<String, String> sink(String topic, String bucket) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "S3SinkConnector");
        config.put("topics", topic);
        config.put("s3.bucket", bucket);
        config.put("s3.endpoint", s3.endpoint);
        config.put("s3.path.style.access", "true");
        config.put("s3.access.key.id", S3Proxy.ACCESS_KEY);
        config.put("s3.secret.access.key", S3Proxy.SECRET_KEY);
        config.put("s3.prefix", "backup/");
        return config;
    }

    /** Per partition, the lines of its objects in key (so offset) order. */
    private static Map<Integer, List<String>> objectLines(Path bucket, String topic) throws IOException {
        Map<Integer, List<String>> lines = new TreeMap<>();
        Path topicDir = bucket.resolve("backup").resolve(topic);
        if (!Files.isDirectory(topicDir)) {
            return lines;
        }
        try (Stream<Path> files = Files.walk(topicDir)) {
            // Only objects: the store writes each to a temporary file first, then renames it.
            for (Path file : files.filter(f -> f.getFileName().toString().matches(".+\\.(jsonl|bin)")).sorted().toList()) {
                int partition = Integer.parseInt(file.getParent().getFileName().toString().substring("partition=".length()));
                lines.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    private static int count(Map<Integer, List<String>> lines) {
        return lines.values().stream().mapToInt(List::size).sum();
    }

    /** Per partition, the topic's values in offset order, as the sink writes them (JSON strings). */
    private static Map<Integer, List<String>> topicLines(String topic) {
        Map<Integer, List<String>> lines = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
            lines.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add("\"" + new String(record.value(), StandardCharsets.UTF_8) + "\"");
        }
        return lines;
    }

    @Test
    void theSinkWritesEveryRecordOnceAndTheSourceReadsThemBackIdentically(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Path bucket = s3.bucket(id);
        SharedKafka.get().createTopic(id, 4, (short) 1);
        SharedKafka.get().createTopic(id + "-copy", 4, (short) 1);
        produce(id, 0, 100_000, 4);
        Map<String, String> sink = sink(id, id);
        sink.put("object.max.records", "3000");
        sink.put("object.max.age.ms", "2000");
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "S3SourceConnector");
        source.put("s3.bucket", id);
        source.put("s3.endpoint", s3.endpoint);
        source.put("s3.path.style.access", "true");
        source.put("s3.access.key.id", S3Proxy.ACCESS_KEY);
        source.put("s3.secret.access.key", S3Proxy.SECRET_KEY);
        source.put("s3.prefix", "backup/" + id + "/");
        source.put("s3.poll.interval.ms", "1000");
        source.put("kafka.topic", id + "-copy");
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest.Response created = worker.rest().createConnector(id + "-sink", sink);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> count(objectLines(bucket, id)) >= 100_000);
            assertThat(objectLines(bucket, id)).as("the objects, concatenated, are the topic").isEqualTo(topicLines(id));

            created = worker.rest().createConnector(id + "-source", source);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> SharedKafka.get().readAll(id + "-copy").size() >= 100_000);
        }
        Map<Integer, List<String>> copy = topicLines(id + "-copy");
        Map<Integer, List<String>> original = topicLines(id);
        for (int partition = 0; partition < 4; partition++) {
            assertThat(copy.get(partition)).as("partition %d read back: the same records in the same order", partition)
                    .hasSameSizeAs(original.get(partition)).isEqualTo(original.get(partition));
        }
    }

    /** A worker killed with kill -9 in the middle of an object, long before its offsets were committed. */
    @Test
    void aTaskKilledMidObjectLeavesNoDuplicateRecordsAfterItResumes(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Path bucket = s3.bucket(id);
        SharedKafka.get().createTopic(id, 2, (short) 1);
        produce(id, 0, 20_000, 2);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", SharedKafka.get().bootstrapServers());
        settings.put("plugin.path", FerryConnectors.pluginPath().toString());
        settings.put("offset.storage.file.filename", state.resolve("connect.offsets").toString());
        // Offsets committed rarely: after the kill the consumer starts far behind what the store holds.
        settings.put("offset.flush.interval.ms", "600000");
        settings.put("consumer.max.poll.records", "100");
        settings.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        settings.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        WorkerProcess.Options standalone = WorkerProcess.options().distributed(false);
        Map<String, String> sink = sink(id, id);
        sink.put("object.max.records", "700");
        sink.put("object.max.age.ms", "0");
        try (WorkerProcess first = WorkerProcess.start(WorkerProcess.Kind.FERRY, "s3-first", settings, state, standalone)) {
            Rest.Response created = first.rest().createConnector(id, sink);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> count(objectLines(bucket, id)) >= 4_000);
            first.kill();
        }
        int beforeKill = count(objectLines(bucket, id));
        produce(id, 20_000, 21_400, 2);
        try (WorkerProcess second = WorkerProcess.start(WorkerProcess.Kind.FERRY, "s3-second", settings, state, standalone)) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> count(objectLines(bucket, id)) >= 21_000);
        }
        Map<Integer, List<String>> stored = objectLines(bucket, id);
        Map<Integer, List<String>> topic = topicLines(id);
        for (Map.Entry<Integer, List<String>> partition : stored.entrySet()) {
            List<String> expected = topic.get(partition.getKey()).subList(0, partition.getValue().size());
            assertThat(partition.getValue()).as("partition %d: each record once, in order", partition.getKey()).isEqualTo(expected);
        }
        assertThat(count(stored)).as("whole objects of 700 only: the last partial ones wait").isEqualTo(21_000);
        System.out.printf("S3 sink killed with %d records in the store; 21000 after it resumed, none twice%n", beforeKill);
    }

    /** docs/connectors/s3.md: its first JSON block is a connector that works as written, against a store on its endpoint. */
    @Test
    void theFirstExampleOfTheS3PageWorksAsWritten(@TempDir Path dir, @TempDir Path state) throws Exception {
        JsonNode body = DocExamples.firstJsonBlock("connectors/s3.md");
        JsonNode config = body.path("config");
        URI endpoint = URI.create(config.path("s3.endpoint").asText());
        S3Proxy local;
        try {
            local = S3Proxy.start(dir, endpoint.getPort(), config.path("s3.access.key.id").asText(), config.path("s3.secret.access.key").asText());
        } catch (RuntimeException e) {
            assumeTrue(false, "the example's endpoint " + endpoint + " is taken: " + e);
            return;
        }
        try (local) {
            Path bucket = local.bucket(config.path("s3.bucket").asText());
            String topic = config.path("topics").asText();
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "{\"id\": 7, \"total\": 12.5}"));
            }
            try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                    .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
                Rest.Response created = worker.rest().post("/connectors", body);
                assertThat(created.status()).as(created.body()).isEqualTo(201);
                // The example writes an object ten seconds after its first record at the latest.
                await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    try (Stream<Path> files = Files.walk(bucket)) {
                        return files.filter(Files::isRegularFile).anyMatch(f -> f.getFileName().toString().startsWith(topic + "+0+"));
                    }
                });
                worker.rest().delete("/connectors/" + body.path("name").asText());
            }
            try (Stream<Path> files = Files.walk(bucket)) {
                Path object = files.filter(Files::isRegularFile).findFirst().orElseThrow();
                assertThat(bucket.relativize(object).toString()).matches(config.path("s3.prefix").asText() + topic
                        + "/partition=0/" + topic + "\\+0\\+0{20}\\+\\d{20}\\.jsonl\\.gz");
                List<JsonNode> lines = new ArrayList<>();
                try (var in = new GZIPInputStream(Files.newInputStream(object))) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        lines.add(Rest.JSON.readTree(line));
                    }
                }
                // The topic may hold records of other tests that use the example's name: the object holds them all, in order.
                List<JsonNode> inTopic = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
                    inTopic.add(Rest.JSON.readTree(record.value()));
                }
                assertThat(inTopic).contains(Rest.JSON.readTree("{\"id\":7,\"total\":12.5}"));
                assertThat(lines).containsExactlyElementsOf(inTopic);
            }
        }
    }
}
