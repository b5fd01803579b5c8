package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.placement;
import static io.ferry.clusterit.ClusterTests.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly-once sources (KIP-618): a FileStreamSource copies a growing file of numbered lines while the worker running
 * its task is killed (kill -9) twice. With {@code exactly.once.source.support=enabled}, a {@code read_committed}
 * consumer sees every line exactly once, in order. The same run at least once shows the duplicates this prevents.
 */
class ExactlyOnceSourceIT extends OnOneBroker {

    private static final int LINES = 200_000;
    private static final int CHUNK = 5_000;

    @Test
    void withExactlyOnceEveryLineArrivesOnceInOrderAcrossTwoKilledWorkers() throws Exception {
        List<String> lines = copyKillingTwice("eos", "enabled");
        assertThat(lines).hasSize(LINES);
        List<String> expected = IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toList();
        assertThat(lines).as("every line exactly once, in order").isEqualTo(expected);

        // A connector that cannot tell whether it supports exactly-once delivery cannot require it.
        Rest rest = workers.stream().filter(WorkerProcess::alive).findFirst().orElseThrow().rest();
        Map<String, String> failing = Map.of("connector.class", "FailingSource", "name", "eos-required",
                "topic", "eos-required", "exactly.once.support", "required");
        JsonNode validation = rest.call("PUT", "/connector-plugins/FailingSource/config/validate", failing).json();
        assertThat(validation.path("error_count").asInt()).isEqualTo(1);
        JsonNode field = null;
        for (JsonNode config : validation.path("configs")) {
            if (config.path("value").path("name").asText().equals("exactly.once.support")) {
                field = config.path("value");
            }
        }
        assertThat(field).isNotNull();
        assertThat(field.path("errors").get(0).asText()).startsWith("The connector does not implement the API "
                + "required for preflight validation of exactly-once source support.");
        assertThat(rest.call("PUT", "/connectors/eos-required/config", failing).status()).isEqualTo(400);
    }

    @Test
    void atLeastOnceTheSameRunDeliversDuplicates() throws Exception {
        List<String> lines = copyKillingTwice("alo", "disabled");
        long distinct = lines.stream().distinct().count();
        System.out.printf("At least once: %d lines delivered for %d distinct%n", lines.size(), distinct);
        assertThat(distinct).isEqualTo(LINES);
        assertThat(lines.size()).as("duplicates after the kills").isGreaterThan(LINES);
    }

    /** Runs the copy on three workers, kills the task's worker twice, and returns what a read_committed reader sees. */
    private List<String> copyKillingTwice(String name, String exactlyOnce) throws Exception {
        String topic = name + "-lines";
        kafka.createTopic(topic, 1, (short) 1);
        Path input = dir.resolve(name + ".txt");
        Files.createFile(input);
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), name);
        settings.put("exactly.once.source.support", exactlyOnce);
        // At least once, offsets are flushed rarely: whatever was sent since the last flush is sent again.
        settings.put("offset.flush.interval.ms", "60000");
        for (int i = 1; i <= 3; i++) {
            workers.add(WorkerProcess.start(WorkerProcess.Kind.FERRY, name + "-" + i, settings, dir));
        }
        Rest rest = workers.get(0).rest();
        create(rest, name, Map.of("connector.class", "FileStreamSource", "tasks.max", "1", "file", input.toString(),
                "topic", topic, "value.converter", "org.apache.kafka.connect.storage.StringConverter"));

        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> appendSlowly(input, written), "append-lines");
        writer.start();
        try {
            killTaskWorkerAfter(name, topic, LINES / 4);
            killTaskWorkerAfter(name, topic, LINES / 2);
            writer.join(120_000);
            assertThat(written.get()).isEqualTo(LINES);
            return readCommitted(topic, LINES, Duration.ofSeconds(180));
        } finally {
            writer.interrupt();
        }
    }

    /** Appends the numbered lines in chunks, so that the copy is still running when workers are killed. */
    private static void appendSlowly(Path input, AtomicLong written) {
        try {
            for (int from = 1; from <= LINES; from += CHUNK) {
                String chunk = IntStream.range(from, from + CHUNK).mapToObj(i -> "line " + i + "\n")
                        .collect(Collectors.joining());
                Files.writeString(input, chunk, StandardOpenOption.APPEND);
                written.addAndGet(CHUNK);
                Thread.sleep(100); // the pace of the data's producer, not a synchronisation
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Once the topic holds {@code records}, kills (-9) the worker running the connector's task. */
    private void killTaskWorkerAfter(String connector, String topic, long records) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> endOffset(topic) >= records);
        Rest rest = workers.stream().filter(WorkerProcess::alive).findFirst().orElseThrow().rest();
        String owner = await().atMost(Duration.ofSeconds(60)).until(() -> placement(statuses(rest)).entrySet().stream()
                .filter(e -> e.getValue().contains(connector + "-0")).map(Map.Entry::getKey).findFirst().orElse(null),
                java.util.Objects::nonNull);
        WorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(owner)).findFirst().orElseThrow();
        victim.kill();
        System.out.printf("Killed %s, which ran %s-0, at %d records%n", victim.name, connector, endOffset(topic));
    }

    private static long endOffset(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer("read_uncommitted")) {
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    private static List<String> readCommitted(String topic, int atLeast, Duration timeout) {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer("read_committed")) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                if (values.size() >= atLeast && consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp)) {
                    // Everything committed so far is read; wait a moment longer for late duplicates, then stop.
                    List<String> more = new ArrayList<>();
                    consumer.poll(Duration.ofSeconds(2)).forEach(r -> more.add(r.value()));
                    values.addAll(more);
                    if (more.isEmpty()) {
                        return values;
                    }
                }
            }
        }
        return values;
    }

    private static KafkaConsumer<String, String> consumer(String isolation) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation, ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(), ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(), ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000));
    }
}
