package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker logging with the JSON layout that {@code config/connect-log4j2.properties} offers, selected as its comment
 * says (the {@code rootLogger.appenderRef} line switched to {@code JSON}): every line of its output is one JSON
 * object, and lines about a connector or task carry it, with the worker's id, as fields of their own.
 */
class JsonLoggingIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void everyLineIsJsonWithTheConnectorTaskAndWorker(@TempDir Path dir) throws Exception {
        Path logConfig = jsonLogConfig(dir);
        Path input = dir.resolve("input.txt");
        Files.write(input, List.of("one", "two", "three"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("plugin.path", StandaloneWorker.pluginPath().toString());
        settings.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        try (WorkerProcess worker = WorkerProcess.start(WorkerProcess.Kind.FERRY, "json-logs", settings, dir,
                WorkerProcess.options().distributed(false).logConfig(logConfig.toString()))) {
            Rest rest = worker.rest();
            assertThat(rest.createConnector("json-source", Map.of("connector.class", "FileStreamSource",
                    "file", input.toString(), "topic", "json-logs", "tasks.max", "1")).status()).isEqualTo(201);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<JsonNode> lines = jsonLines(worker.log);
                assertThat(lines).anyMatch(l -> l.path("connector").asText().equals("json-source")
                        && !l.has("task") && l.path("worker_id").asText().equals(worker.workerId()));
                assertThat(lines).anyMatch(l -> l.path("connector").asText().equals("json-source")
                        && l.path("task").asText().equals("0"));
            });
            for (JsonNode line : jsonLines(worker.log)) {
                for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
                    assertThat(line.path(field).isTextual()).as("%s in %s", field, line).isTrue();
                }
            }

            // A failure's stack trace is one field of its line.
            assertThat(rest.createConnector("json-fails", Map.of("connector.class", "FailingSource",
                    "topic", "json-fails", "fail.on", "start", "tasks.max", "1")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(jsonLines(worker.log)).anyMatch(l ->
                    l.path("connector").asText().equals("json-fails") && l.path("task").asText().equals("0")
                            && l.path("level").asText().equals("ERROR")
                            && l.path("exception").asText().contains("failure on demand")
                            && l.path("exception").asText().contains("\tat ")));
        }
    }

    /** The shipped log configuration with the JSON layout selected, beside a copy of its template. */
    private static Path jsonLogConfig(Path dir) throws Exception {
        Path home = Path.of(System.getProperty("ferry.home"));
        Path configDir = Files.createDirectories(dir.resolve("config"));
        Files.copy(home.resolve("config/connect-log4j2-json-layout.json"),
                configDir.resolve("connect-log4j2-json-layout.json"));
        String properties = Files.readString(home.resolve("config/connect-log4j2.properties"));
        String selected = properties.replace("rootLogger.appenderRef.stdout.ref = STDOUT",
                "rootLogger.appenderRef.stdout.ref = JSON");
        assertThat(selected).as("the line that selects the layout").isNotEqualTo(properties);
        Path file = configDir.resolve("connect-log4j2.properties");
        Files.writeString(file, selected);
        return file;
    }

    /** Every line of the worker's output, each parsed as one JSON object (a line that is not fails the test). */
    private static List<JsonNode> jsonLines(Path log) throws Exception {
        List<JsonNode> result = new ArrayList<>();
        List<String> lines = Files.readAllLines(log);
        // The last line may be still being written.
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() && i == lines.size() - 1) {
                continue;
            }
            JsonNode node;
            try {
                node = Rest.JSON.readTree(line);
            } catch (Exception e) {
                if (i == lines.size() - 1) {
                    continue;
                }
                throw new AssertionError("Line " + (i + 1) + " of " + log + " is not JSON: " + line, e);
            }
            assertThat(node.isObject()).as("line %s: %s", i + 1, line).isTrue();
            result.add(node);
        }
        return result;
    }
}
