package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;

/** Topic creation by source connectors (KIP-158) and client overrides under the worker's policy. */
class SourceTopicsIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    private static Map<String, String> source(Path file, String topic) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "FileStreamSource");
        c.put("file", file.toString());
        c.put("topic", topic);
        c.put("topic.creation.default.partitions", "3");
        c.put("topic.creation.default.replication.factor", "1");
        c.put("topic.creation.groups", "retained");
        c.put("topic.creation.retained.include", "retained-.*");
        c.put("topic.creation.retained.partitions", "2");
        c.put("topic.creation.retained.retention.ms", "123456789");
        return c;
    }

    @Test
    void sourceTopicsAreCreatedWithTheSettingsOfTheirGroup(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("plain-topic", source(input, "created-plain")),
                    connector("retained-topic", source(input, "retained-events")));
            kafka.consume("created-plain", 3, Duration.ofSeconds(60));
            kafka.consume("retained-events", 3, Duration.ofSeconds(60));

            Map<String, TopicDescription> topics = kafka.admin()
                    .describeTopics(List.of("created-plain", "retained-events")).allTopicNames().get(10, TimeUnit.SECONDS);
            assertThat(topics.get("created-plain").partitions()).hasSize(3);
            assertThat(topics.get("retained-events").partitions()).hasSize(2);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "retained-events");
            Config config = kafka.admin().describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
            assertThat(config.get("retention.ms").value()).isEqualTo("123456789");
        }
    }

    @Test
    void topicCreationWithoutItsRequiredSettingsIsRefused(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest.Response response = worker.rest().post("/connectors", Map.of("name", "half", "config", Map.of(
                    "connector.class", "FileStreamSource", "topic", "t", "topic.creation.default.partitions", "3")));
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.json().path("message").asText()).contains("topic.creation.default.replication.factor");
        }
    }

    @Test
    void overridesTheWorkerPolicyForbidsAreRefused(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("connector.client.config.override.policy", "Principal").start()) {
            Rest.Response refused = worker.rest().post("/connectors", Map.of("name", "tuned", "config", Map.of(
                    "connector.class", "FileStreamSource", "topic", "t", "producer.override.linger.ms", "50")));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().path("message").asText())
                    .contains("The 'Principal' policy does not allow 'linger.ms' to be overridden in the connector configuration.");

            Rest.Response allowed = worker.rest().post("/connectors", Map.of("name", "principal", "config", Map.of(
                    "connector.class", "FileStreamSource", "file", input.toString(), "topic", "t",
                    "producer.override.security.protocol", "PLAINTEXT")));
            assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        }
    }
}
