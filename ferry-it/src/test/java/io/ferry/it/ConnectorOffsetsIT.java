package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping connectors and reading, altering and resetting their offsets (KIP-875, KIP-980). */
class ConnectorOffsetsIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    private static Map<String, Object> source(Path file, String topic) {
        return Map.of("connector.class", "FileStreamSource", "file", file.toString(), "topic", topic);
    }

    private static void awaitConnectorState(Rest rest, String name, String state) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode status = rest.get("/connectors/" + name + "/status").json();
            return status != null && state.equals(status.path("connector").path("state").asText());
        });
    }

    @Test
    void sourceOffsetsCanBeReadAlteredAndResetWhileStopped(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 10));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            assertThat(rest.post("/connectors", Map.of("name", "offsets-src", "config", source(input, "offsets-src"))).status())
                    .isEqualTo(201);
            kafka.consume("offsets-src", 10, Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    rest.get("/connectors/offsets-src/offsets").json().path("offsets").size() == 1);
            JsonNode offsets = rest.get("/connectors/offsets-src/offsets").json();
            assertThat(offsets.path("offsets").get(0).path("partition").path("filename").asText()).isEqualTo(input.toString());
            await().atMost(Duration.ofSeconds(30)).until(() -> rest.get("/connectors/offsets-src/offsets").json()
                    .path("offsets").get(0).path("offset").path("position").asLong() == 120);

            Rest.Response notStopped = rest.patch("/connectors/offsets-src/offsets", Map.of("offsets", List.of(
                    Map.of("partition", Map.of("filename", input.toString()), "offset", Map.of("position", 0)))));
            assertThat(notStopped.status()).isEqualTo(400);
            assertThat(notStopped.json().path("message").asText()).isEqualTo("Connectors must be in the STOPPED state before "
                    + "their offsets can be modified. This can be done for the specified connector by issuing a 'PUT' request "
                    + "to the '/connectors/offsets-src/stop' endpoint");

            assertThat(rest.put("/connectors/offsets-src/stop", null).status()).isEqualTo(204);
            awaitConnectorState(rest, "offsets-src", "STOPPED");
            assertThat(rest.get("/connectors/offsets-src/status").json().path("tasks")).isEmpty();
            assertThat(rest.get("/connectors/offsets-src").json().path("tasks")).isEmpty();

            // Rewind to the sixth line: after resuming, lines 6 to 10 are read again.
            Rest.Response altered = rest.patch("/connectors/offsets-src/offsets", Map.of("offsets", List.of(
                    Map.of("partition", Map.of("filename", input.toString()), "offset", Map.of("position", 60)))));
            assertThat(altered.status()).as(altered.body()).isEqualTo(200);
            assertThat(altered.json().path("message").asText()).isEqualTo("The offsets for this connector have been altered successfully");
            assertThat(rest.get("/connectors/offsets-src/offsets").json().path("offsets").get(0).path("offset")
                    .path("position").asLong()).isEqualTo(60);
            assertThat(rest.put("/connectors/offsets-src/resume", null).status()).isEqualTo(202);
            worker.awaitRunning("offsets-src", 1);
            assertThat(kafka.consume("offsets-src", 15, Duration.ofSeconds(60))).hasSize(15);

            assertThat(rest.put("/connectors/offsets-src/stop", null).status()).isEqualTo(204);
            awaitConnectorState(rest, "offsets-src", "STOPPED");
            Rest.Response reset = rest.delete("/connectors/offsets-src/offsets");
            assertThat(reset.status()).isEqualTo(200);
            assertThat(reset.json().path("message").asText()).isEqualTo("The offsets for this connector have been reset successfully");
            assertThat(rest.get("/connectors/offsets-src/offsets").json().path("offsets")).isEmpty();

            Rest.Response empty = rest.patch("/connectors/offsets-src/offsets", Map.of("offsets", List.of()));
            assertThat(empty.status()).isEqualTo(400);
            assertThat(empty.json().path("message").asText()).isEqualTo("Partitions / offsets need to be provided for an alter offsets request");
        }
    }

    @Test
    void sinkOffsetsAreTheConsumerGroupOffsets(@TempDir Path dir) throws Exception {
        kafka.createTopic("offsets-sink-in", 1, (short) 1);
        for (int i = 0; i < 5; i++) {
            kafka.produce("offsets-sink-in", null, "v" + i);
        }
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            assertThat(rest.post("/connectors", Map.of("name", "offsets-sink", "config", Map.of(
                    "connector.class", "FileStreamSink", "file", dir.resolve("out.txt").toString(),
                    "topics", "offsets-sink-in"))).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode o = rest.get("/connectors/offsets-sink/offsets").json().path("offsets");
                return o.size() == 1 && o.get(0).path("offset").path("kafka_offset").asLong() == 5;
            });
            JsonNode partition = rest.get("/connectors/offsets-sink/offsets").json().path("offsets").get(0).path("partition");
            assertThat(partition.path("kafka_topic").asText()).isEqualTo("offsets-sink-in");
            assertThat(partition.path("kafka_partition").asInt()).isZero();

            assertThat(rest.put("/connectors/offsets-sink/stop", null).status()).isEqualTo(204);
            awaitConnectorState(rest, "offsets-sink", "STOPPED");
            Rest.Response altered = rest.patch("/connectors/offsets-sink/offsets", Map.of("offsets", List.of(Map.of(
                    "partition", Map.of("kafka_topic", "offsets-sink-in", "kafka_partition", 0),
                    "offset", Map.of("kafka_offset", 2)))));
            assertThat(altered.status()).as(altered.body()).isEqualTo(200);
            Map<TopicPartition, OffsetAndMetadata> committed = kafka.admin().listConsumerGroupOffsets("connect-offsets-sink")
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition("offsets-sink-in", 0)).offset()).isEqualTo(2);

            Rest.Response badPartition = rest.patch("/connectors/offsets-sink/offsets", Map.of("offsets", List.of(Map.of(
                    "partition", Map.of("kafka_topic", "offsets-sink-in"), "offset", Map.of("kafka_offset", 2)))));
            assertThat(badPartition.status()).isEqualTo(400);
            assertThat(badPartition.json().path("message").asText())
                    .isEqualTo("The partition for a sink connector offset must contain the keys 'kafka_topic' and 'kafka_partition'");

            assertThat(rest.delete("/connectors/offsets-sink/offsets").status()).isEqualTo(200);
            assertThat(rest.get("/connectors/offsets-sink/offsets").json().path("offsets")).isEmpty();
        }
    }

    @Test
    void connectorsCanBeCreatedPausedOrStopped(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            assertThat(rest.post("/connectors", Map.of("name", "born-stopped", "config", source(input, "born-stopped"),
                    "initial_state", "STOPPED")).status()).isEqualTo(201);
            assertThat(rest.post("/connectors", Map.of("name", "born-paused", "config", source(input, "born-paused"),
                    "initial_state", "paused")).status()).isEqualTo(201);
            awaitConnectorState(rest, "born-stopped", "STOPPED");
            awaitConnectorState(rest, "born-paused", "PAUSED");
            Rest.Response invalid = rest.post("/connectors", Map.of("name", "born-odd", "config", source(input, "x"),
                    "initial_state", "SLEEPING"));
            assertThat(invalid.status()).isEqualTo(400);
            assertThat(rest.put("/connectors/born-stopped/resume", null).status()).isEqualTo(202);
            worker.awaitRunning("born-stopped", 1);
            assertThat(kafka.consume("born-stopped", 3, Duration.ofSeconds(60))).hasSize(3);
            // Born paused, it never ran, so it has no tasks until it is resumed.
            assertThat(rest.put("/connectors/born-paused/resume", null).status()).isEqualTo(202);
            worker.awaitRunning("born-paused", 1);
            assertThat(kafka.consume("born-paused", 3, Duration.ofSeconds(60))).hasSize(3);
        }
    }
}
