package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The core REST API against a running standalone worker: paths, status codes and JSON shapes. */
class RestApiIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private StandaloneWorker worker;
    private Rest rest;
    @TempDir
    Path dir;

    @BeforeEach
    void startWorker() {
        worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start();
        rest = worker.rest();
    }

    @AfterEach
    void stopWorker() {
        worker.close();
    }

    private Map<String, String> fileSource(String topic) throws Exception {
        Path input = dir.resolve(topic + ".txt");
        Files.writeString(input, "a\nb\n");
        return Map.of("connector.class", "FileStreamSource", "tasks.max", "1", "file", input.toString(), "topic", topic);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void serverInfoNamesTheKafkaCluster() {
        Rest.Response response = rest.get("/");
        assertThat(response.status()).isEqualTo(200);
        assertThat(fieldNames(response.json())).containsExactly("version", "commit", "kafka_cluster_id");
        assertThat(response.json().path("kafka_cluster_id").asText()).isEqualTo(kafka.clusterId());
        assertThat(rest.get("/health").json().path("status").asText()).isEqualTo("healthy");
    }

    @Test
    void walkthroughPostAsTypedIsAccepted() throws Exception {
        Path input = dir.resolve("walk.txt");
        Files.writeString(input, "hello\n");
        // As pasted from a blog: a trailing comma, and curl's default form content type after a mangled -H.
        String body = "{\n\"name\": \"walkthrough\",\n\"config\": {\n\"connector.class\": \"FileStreamSource\",\n"
                + "\"file\": \"" + input + "\",\n\"topic\": \"walkthrough\",\n}\n}\n";
        Rest.Response created = rest.send("POST", "/connectors", body, "application/x-www-form-urlencoded",
                Map.of("User-Agent", "curl/8.5.0", "Accept", "*/*"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).endsWith("/connectors/walkthrough");
        JsonNode info = created.json();
        assertThat(fieldNames(info)).containsExactly("name", "config", "tasks", "type");
        assertThat(info.path("name").asText()).isEqualTo("walkthrough");
        assertThat(info.path("config").path("name").asText()).isEqualTo("walkthrough");
        assertThat(info.path("type").asText()).isEqualTo("source");

        worker.awaitRunning("walkthrough", 1);
        JsonNode status = rest.get("/connectors/walkthrough/status").json();
        assertThat(fieldNames(status)).containsExactly("name", "connector", "tasks", "type");
        assertThat(fieldNames(status.path("connector"))).containsExactly("state", "worker_id", "version");
        assertThat(status.path("connector").path("worker_id").asText()).isEqualTo(worker.workerId());
        // The version of the plugin running it (KIP-891), for the connector and (as its task declares it) the task.
        String pluginVersion = null;
        for (JsonNode plugin : rest.get("/connector-plugins").json()) {
            if (plugin.path("class").asText().equals("org.apache.kafka.connect.file.FileStreamSourceConnector")) {
                pluginVersion = plugin.path("version").asText();
            }
        }
        assertThat(status.path("connector").path("version").asText()).isEqualTo(pluginVersion);
        assertThat(status.path("tasks")).hasSize(1);
        assertThat(fieldNames(status.path("tasks").get(0))).containsExactly("id", "state", "worker_id", "version");
        assertThat(status.path("tasks").get(0).path("version").asText()).isEqualTo(pluginVersion);
        assertThat(status.path("tasks").get(0).path("id").asInt()).isZero();
        assertThat(status.path("type").asText()).isEqualTo("source");
    }

    @Test
    void browserFormPostIsRefused() throws Exception {
        String body = Rest.toJson(Map.of("name", "csrf", "config", fileSource("csrf")));
        Rest.Response response = rest.send("POST", "/connectors", body, "text/plain",
                Map.of("Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"));
        assertThat(response.status()).isEqualTo(415);
        assertThat(rest.get("/connectors/csrf").status()).isEqualTo(404);
    }

    @Test
    void connectorLifecycle() throws Exception {
        assertThat(rest.get("/connectors").json()).isEmpty();
        Rest.Response created = rest.post("/connectors", Map.of("name", "life", "config", fileSource("life")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        worker.awaitRunning("life", 1);

        assertThat(rest.get("/connectors").json().get(0).asText()).isEqualTo("life");
        JsonNode info = rest.get("/connectors/life").json();
        assertThat(info.path("tasks").get(0).path("connector").asText()).isEqualTo("life");
        assertThat(info.path("tasks").get(0).path("task").asInt()).isZero();
        assertThat(rest.get("/connectors/life/config").json().path("topic").asText()).isEqualTo("life");

        JsonNode tasks = rest.get("/connectors/life/tasks").json();
        assertThat(tasks).hasSize(1);
        assertThat(fieldNames(tasks.get(0))).containsExactly("id", "config");
        assertThat(tasks.get(0).path("config").path("task.class").asText())
                .isEqualTo("org.apache.kafka.connect.file.FileStreamSourceTask");

        JsonNode taskStatus = rest.get("/connectors/life/tasks/0/status").json();
        assertThat(taskStatus.path("state").asText()).isEqualTo("RUNNING");
        assertThat(rest.get("/connectors/life/tasks/7/status").status()).isEqualTo(404);

        assertThat(rest.put("/connectors/life/pause", null).status()).isEqualTo(202);
        worker.awaitTaskState("life", 0, "PAUSED");
        assertThat(worker.status("life").path("connector").path("state").asText()).isEqualTo("PAUSED");
        assertThat(rest.put("/connectors/life/resume", null).status()).isEqualTo(202);
        worker.awaitRunning("life", 1);

        assertThat(rest.post("/connectors/life/restart", null).status()).isEqualTo(204);
        worker.awaitRunning("life", 1);
        assertThat(rest.post("/connectors/life/tasks/0/restart", null).status()).isEqualTo(204);
        worker.awaitRunning("life", 1);

        Map<String, String> changed = new java.util.HashMap<>(fileSource("life"));
        changed.put("topic", "life-2");
        Rest.Response updated = rest.put("/connectors/life/config", changed);
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("config").path("topic").asText()).isEqualTo("life-2");
        worker.awaitRunning("life", 1);

        Rest.Response createdByPut = rest.put("/connectors/by-put/config", fileSource("by-put"));
        assertThat(createdByPut.status()).isEqualTo(201);
        assertThat(createdByPut.header("Location")).endsWith("/connectors/by-put");

        assertThat(rest.delete("/connectors/life").status()).isEqualTo(204);
        assertThat(rest.get("/connectors/life").status()).isEqualTo(404);
        assertThat(rest.get("/connectors/life/status").status()).isEqualTo(404);
        assertThat(rest.delete("/connectors/by-put").status()).isEqualTo(204);
    }

    @Test
    void errorsAreJsonWithTheRightStatus() throws Exception {
        Rest.Response malformed = rest.send("POST", "/connectors", "{\"name\": \"x\", \"config\": {", "application/json", Map.of());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(fieldNames(malformed.json())).containsExactly("error_code", "message");
        assertThat(malformed.json().path("error_code").asInt()).isEqualTo(400);
        assertThat(malformed.json().path("message").asText()).contains("line");

        Rest.Response noClass = rest.post("/connectors", Map.of("name", "x", "config", Map.of("topic", "t")));
        assertThat(noClass.status()).isEqualTo(400);
        assertThat(noClass.json().path("message").asText()).contains("connector type");

        Rest.Response typo = rest.post("/connectors", Map.of("name", "x", "config",
                Map.of("connector.class", "FileStreamSorce", "topic", "t")));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().path("message").asText()).contains("FileStreamSorce").contains("FileStreamSource");

        Rest.Response unknown = rest.post("/connectors", Map.of("name", "x", "config",
                Map.of("connector.class", "com.example.SalesforceCdcConnector", "topic", "t")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().path("message").asText()).contains("com.example.SalesforceCdcConnector")
                .contains("Installed: ").contains("FileStreamSource").contains("FileStreamSink")
                .doesNotContain("No connector plugins are installed");

        Rest.Response invalid = rest.post("/connectors", Map.of("name", "x", "config",
                Map.of("connector.class", "FileStreamSource", "tasks.max", "0")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("message").asText())
                .contains("Connector configuration is invalid and contains the following 2 error(s)")
                .contains("tasks.max").contains("topic");

        assertThat(rest.post("/connectors", Map.of("name", "dup", "config", fileSource("dup"))).status()).isEqualTo(201);
        Rest.Response duplicate = rest.post("/connectors", Map.of("name", "dup", "config", fileSource("dup")));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("error_code").asInt()).isEqualTo(409);

        Rest.Response mismatch = rest.put("/connectors/dup/config", Map.of("name", "other", "connector.class", "FileStreamSource", "topic", "t"));
        assertThat(mismatch.status()).isEqualTo(400);
        Rest.Response renamed = rest.patch("/connectors/dup/config", Map.of("name", "other"));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.json().path("message").asText()).contains("other").contains("dup");
        assertThat(rest.get("/connectors/dup/config").json().path("name").asText()).isEqualTo("dup");

        for (String path : List.of("/connectors/missing", "/connectors/missing/config", "/connectors/missing/status",
                "/connectors/missing/tasks")) {
            Rest.Response missing = rest.get(path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.json().path("error_code").asInt()).isEqualTo(404);
        }
        assertThat(rest.delete("/connectors/missing").status()).isEqualTo(404);
        assertThat(rest.put("/connectors/missing/pause", null).status()).isEqualTo(404);
        assertThat(rest.post("/connectors/missing/restart", null).status()).isEqualTo(404);
        assertThat(rest.post("/connectors/missing/tasks/0/restart", null).status()).isEqualTo(404);
    }

    @Test
    void listsInstalledConnectorPlugins() {
        JsonNode plugins = rest.get("/connector-plugins").json();
        List<String> classes = new ArrayList<>();
        plugins.forEach(p -> classes.add(p.path("class").asText() + ":" + p.path("type").asText()));
        assertThat(classes).contains("org.apache.kafka.connect.file.FileStreamSourceConnector:source",
                "org.apache.kafka.connect.file.FileStreamSinkConnector:sink");
        assertThat(plugins.get(0).path("type").asText()).isEqualTo("sink");
        JsonNode all = rest.get("/connector-plugins?connectorsOnly=false").json();
        List<String> types = new ArrayList<>();
        all.forEach(p -> types.add(p.path("type").asText()));
        assertThat(types).contains("transformation", "predicate", "converter", "header_converter");
    }

    @Test
    void connectorsCreatedThroughRestSurviveARestart() throws Exception {
        assertThat(rest.post("/connectors", Map.of("name", "kept", "config", fileSource("kept"))).status()).isEqualTo(201);
        assertThat(rest.put("/connectors/kept/pause", null).status()).isEqualTo(202);
        worker.awaitTaskState("kept", 0, "PAUSED");
        worker.stop();

        worker.start();
        rest = worker.rest();
        assertThat(rest.get("/connectors/kept/config").json().path("topic").asText()).isEqualTo("kept");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                worker.status("kept") != null && "PAUSED".equals(worker.status("kept").path("connector").path("state").asText()));
        assertThat(rest.put("/connectors/kept/resume", null).status()).isEqualTo(202);
        worker.awaitRunning("kept", 1);
    }
}
