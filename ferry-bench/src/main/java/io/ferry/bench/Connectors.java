package io.ferry.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** Creating, watching and deleting connectors through a worker's REST API, the same calls for both runtimes. */
public final class Connectors {

    static final String FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";
    static final String FILE_SINK = "org.apache.kafka.connect.file.FileStreamSinkConnector";
    static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

    private Connectors() {
    }

    /** A one-task {@code FileStreamSourceConnector} reading {@code file} into {@code topic}, string keys and values. */
    static Map<String, String> fileSource(Path file, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", FILE_SOURCE);
        config.put("tasks.max", "1");
        config.put("file", file.toString());
        config.put("topic", topic);
        config.put("key.converter", STRING_CONVERTER);
        config.put("value.converter", STRING_CONVERTER);
        return config;
    }

    public static void create(BenchWorker worker, String name, Map<String, String> config) {
        Rest.Response response = worker.rest().createConnector(name, config);
        if (response.status() != 201) {
            throw new IllegalStateException("POST /connectors " + name + " answered " + response.status() + ": "
                    + response.body());
        }
    }

    /** Deletes a connector and waits until the worker no longer lists it, so its tasks have stopped. */
    public static void delete(BenchWorker worker, String name) throws TimeoutException {
        Rest.Response response = worker.rest().delete("/connectors/" + name);
        if (response.status() != 204 && response.status() != 200) {
            throw new IllegalStateException("DELETE /connectors/" + name + " answered " + response.status() + ": "
                    + response.body());
        }
        Poll.until("deletion of " + name, Duration.ofMinutes(2), Duration.ofMillis(50), () -> {
            JsonNode names = worker.rest().getJson("/connectors");
            for (JsonNode n : names) {
                if (n.asText().equals(name)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Why the connector or one of its tasks failed, if one did; empty while all is well (or not yet known). */
    public static Optional<String> failure(BenchWorker worker, String name) {
        if (!worker.alive()) {
            return Optional.of(worker.kind.title + " worker exited; see " + worker.log);
        }
        Rest.Response response = worker.rest().get("/connectors/" + name + "/status");
        if (response.status() != 200) {
            return Optional.empty();
        }
        JsonNode status = response.json();
        if ("FAILED".equals(status.path("connector").path("state").asText())) {
            return Optional.of(name + " FAILED: " + firstLine(status.path("connector").path("trace").asText()));
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return Optional.of(name + " task FAILED: " + firstLine(task.path("trace").asText()));
            }
        }
        return Optional.empty();
    }

    private static String firstLine(String trace) {
        int end = trace.indexOf('\n');
        return end < 0 ? trace : trace.substring(0, end);
    }
}
