package io.ferry.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.StandaloneRuntime;
import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.testsupport.Rest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * A standalone Ferry worker run in the test's JVM against a real broker, with the test plugin.path built by this
 * build. Its offsets and connector files live in a directory the test owns, so it can be stopped and started again.
 */
public final class StandaloneWorker implements AutoCloseable {

    private final Map<String, String> props = new LinkedHashMap<>();
    private StandaloneRuntime runtime;
    private Rest rest;

    public StandaloneWorker(String bootstrapServers, Path stateDir) {
        props.put("bootstrap.servers", bootstrapServers);
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", pluginPath().toString());
        props.put("offset.storage.file.filename", stateDir.resolve("connect.offsets").toString());
        props.put("offset.flush.interval.ms", "1000");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    }

    /** The plugin.path the build assembled: connect-file, Ferry's demo plugin and the test plugins. */
    public static Path pluginPath() {
        String path = System.getProperty("ferry.it.pluginPath");
        if (path == null) {
            throw new IllegalStateException("ferry.it.pluginPath is not set; run the tests through Maven");
        }
        return Path.of(path);
    }

    public StandaloneWorker with(String key, String value) {
        props.put(key, value);
        return this;
    }

    public StandaloneWorker start(ConnectorDefinition... connectors) {
        runtime = StandaloneRuntime.start(props, List.of(connectors));
        rest = new Rest("http://127.0.0.1:" + runtime.restPort());
        return this;
    }

    public Rest rest() {
        return rest;
    }

    public StandaloneRuntime runtime() {
        return runtime;
    }

    public String workerId() {
        return "127.0.0.1:" + runtime.restPort();
    }

    /** Stops the worker gracefully; it can be started again with the same offsets and connectors. */
    public void stop() {
        if (runtime != null) {
            runtime.close();
            runtime = null;
        }
    }

    public JsonNode status(String connector) {
        Rest.Response response = rest.get("/connectors/" + connector + "/status");
        return response.status() == 200 ? response.json() : null;
    }

    /** Waits until the connector and its {@code tasks} tasks are RUNNING. */
    public void awaitRunning(String connector, int tasks) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode status = status(connector);
            if (status == null || !"RUNNING".equals(status.path("connector").path("state").asText())) {
                return false;
            }
            JsonNode taskStates = status.path("tasks");
            if (taskStates.size() != tasks) {
                return false;
            }
            for (JsonNode task : taskStates) {
                if (!"RUNNING".equals(task.path("state").asText())) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Waits until a task of the connector reports the given state, and returns that task's status. */
    public JsonNode awaitTaskState(String connector, int task, String state) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Rest.Response response = rest.get("/connectors/" + connector + "/tasks/" + task + "/status");
            if (response.status() == 200 && state.equals(response.json().path("state").asText())) {
                found[0] = response.json();
                return true;
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        stop();
    }

    public static ConnectorDefinition connector(String name, Map<String, String> config) {
        Map<String, String> withName = new LinkedHashMap<>(config);
        withName.put("name", name);
        return new ConnectorDefinition(name, withName, null);
    }
}
