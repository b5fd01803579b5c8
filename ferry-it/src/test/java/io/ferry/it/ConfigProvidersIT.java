package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ${file:...} references reach the connector resolved, and are never stored or shown resolved. */
class ConfigProvidersIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void secretIsResolvedForTheConnectorOnly(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("secret-input.txt");
        Lines.append(input, Lines.numbered(1, 5));
        Path secrets = dir.resolve("secrets.properties");
        Files.writeString(secrets, "input.file=" + input + "\ntopic=secret-topic\n");
        String fileRef = "${file:" + secrets + ":input.file}";
        String topicRef = "${file:" + secrets + ":topic}";

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("config.providers", "file")
                .with("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .with("config.providers.file.param.allowed.paths", dir.toString())
                .start()) {
            Rest rest = worker.rest();
            Rest.Response created = rest.post("/connectors", Map.of("name", "secretive", "config",
                    Map.of("connector.class", "FileStreamSource", "file", fileRef, "topic", topicRef)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain(input.toString());

            // The connector read the file the reference points to, and wrote to the topic it names.
            assertThat(kafka.consume("secret-topic", 5, Duration.ofSeconds(60))).hasSize(5);

            JsonNode config = rest.get("/connectors/secretive/config").json();
            assertThat(config.path("file").asText()).isEqualTo(fileRef);
            assertThat(config.path("topic").asText()).isEqualTo(topicRef);
            for (String path : new String[]{"/connectors/secretive", "/connectors/secretive/tasks",
                    "/connectors?expand=info"}) {
                assertThat(rest.get(path).body()).as(path).doesNotContain(input.toString()).doesNotContain("secret-topic");
            }
            String stored = Files.readString(dir.resolve("connect.offsets.connectors.json"), StandardCharsets.UTF_8);
            assertThat(stored).contains("${file:").doesNotContain(input.toString());
        }
    }
}
