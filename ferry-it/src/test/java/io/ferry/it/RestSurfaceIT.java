package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PATCH config, topic tracking, plugin config, expanded listings and log levels. */
class RestSurfaceIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void patchTopicsExpandAndPluginConfig(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            Map<String, Object> config = new HashMap<>(Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                    "topic", "surface", "batch.size", "5"));
            assertThat(rest.post("/connectors", Map.of("name", "surface", "config", config)).status()).isEqualTo(201);

            Map<String, Object> patch = new HashMap<>();
            patch.put("batch.size", null);
            patch.put("tasks.max", "1");
            Rest.Response patched = rest.patch("/connectors/surface/config", patch);
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(patched.json().path("config").has("batch.size")).isFalse();
            assertThat(patched.json().path("config").path("tasks.max").asText()).isEqualTo("1");
            assertThat(rest.patch("/connectors/nobody/config", Map.of("tasks.max", "1")).status()).isEqualTo(404);

            worker.awaitRunning("surface", 1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    rest.get("/connectors/surface/topics").json().path("surface").path("topics").size() == 1);
            assertThat(rest.get("/connectors/surface/topics").json().path("surface").path("topics").get(0).asText()).isEqualTo("surface");
            assertThat(rest.put("/connectors/surface/topics/reset", null).status()).isEqualTo(202);
            assertThat(rest.get("/connectors/surface/topics").json().path("surface").path("topics")).isEmpty();

            JsonNode expanded = rest.get("/connectors?expand=status&expand=info").json();
            assertThat(expanded.path("surface").path("status").path("connector").path("state").asText()).isEqualTo("RUNNING");
            assertThat(expanded.path("surface").path("info").path("type").asText()).isEqualTo("source");
            assertThat(rest.get("/connectors?expand=info").json().path("surface").has("status")).isFalse();

            JsonNode pluginConfig = rest.get("/connector-plugins/FileStreamSource/config").json();
            List<String> names = new ArrayList<>();
            pluginConfig.forEach(k -> names.add(k.path("name").asText()));
            assertThat(names).contains("file", "topic", "batch.size", "tasks.max", "connector.class");
            assertThat(names.indexOf("file")).isLessThan(names.indexOf("tasks.max"));
            JsonNode tasksMax = pluginConfig.get(names.indexOf("tasks.max"));
            assertThat(tasksMax.path("type").asText()).isEqualTo("INT");
            assertThat(tasksMax.path("default_value").asText()).isEqualTo("1");
            assertThat(rest.get("/connector-plugins/RegexRouter/config").status()).isEqualTo(200);
            Rest.Response unknown = rest.get("/connector-plugins/NoSuchPlugin/config");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.json().path("message").asText()).isEqualTo("Unknown plugin NoSuchPlugin.");
            Rest.Response provider = rest.get("/connector-plugins/FileConfigProvider/config");
            assertThat(provider.status()).isEqualTo(400);
            assertThat(provider.json().path("message").asText()).startsWith("Invalid plugin class FileConfigProvider.");
        }
    }

    @Test
    void logLevelsCanBeReadAndChanged(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            JsonNode all = rest.get("/admin/loggers").json();
            assertThat(all.has("root")).isTrue();
            assertThat(all.path("root").has("last_modified")).isTrue();

            Rest.Response changed = rest.put("/admin/loggers/io.ferry.runtime.worker", Map.of("level", "DEBUG"));
            assertThat(changed.status()).isEqualTo(200);
            List<String> affected = new ArrayList<>();
            changed.json().forEach(n -> affected.add(n.asText()));
            assertThat(affected).contains("io.ferry.runtime.worker");
            JsonNode level = rest.get("/admin/loggers/io.ferry.runtime.worker").json();
            assertThat(level.path("level").asText()).isEqualTo("DEBUG");
            assertThat(level.path("last_modified").asLong()).isPositive();

            assertThat(rest.put("/admin/loggers/io.ferry.runtime.worker?scope=cluster", Map.of("level", "INFO")).status())
                    .isEqualTo(204);
            assertThat(rest.get("/admin/loggers/io.ferry.runtime.worker").json().path("level").asText()).isEqualTo("INFO");
            Rest.Response badLevel = rest.put("/admin/loggers/io.ferry", Map.of("level", "LOUD"));
            assertThat(badLevel.status()).isEqualTo(404);
            assertThat(badLevel.json().path("message").asText()).isEqualTo("invalid log level 'LOUD'.");
            Rest.Response noLevel = rest.put("/admin/loggers/io.ferry", Map.of("lvl", "INFO"));
            assertThat(noLevel.status()).isEqualTo(400);
            assertThat(rest.get("/admin/loggers/no.such.logger.anywhere").status()).isEqualTo(404);
        }
    }
}
