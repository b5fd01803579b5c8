package io.ferry.runtime.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.config.JsonMapper;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the connector files a standalone worker is started with, in each form Apache Kafka Connect accepts:
 * Java properties, a JSON object of settings, or a JSON {@code {"name":...,"config":{...}}} create request.
 */
public final class ConnectorFiles {

    private ConnectorFiles() {
    }

    public static ConnectorDefinition read(Path file) {
        String content;
        try {
            content = Files.readString(file);
        } catch (IOException e) {
            throw new ConnectException("Cannot read connector file " + file + ": " + e.getMessage(), e);
        }
        String trimmed = content.stripLeading();
        if (trimmed.startsWith("{")) {
            return fromJson(file, content);
        }
        Properties props = new Properties();
        try {
            props.load(new java.io.StringReader(content));
        } catch (IOException e) {
            throw new ConnectException("Cannot read connector file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> config = new LinkedHashMap<>(Utils.propsToStringMap(props));
        return new ConnectorDefinition(requireName(file, config.get(ConnectorConfig.NAME_CONFIG)), config, null);
    }

    private static ConnectorDefinition fromJson(Path file, String content) {
        JsonNode root;
        try {
            root = JsonMapper.get().readTree(content);
        } catch (IOException e) {
            throw new ConnectException("Connector file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root.has("config") && root.get("config").isObject()) {
            Map<String, String> config = strings(file, root.get("config"));
            String name = root.hasNonNull("name") ? root.get("name").asText().trim() : config.get(ConnectorConfig.NAME_CONFIG);
            TargetState initial = root.hasNonNull("initial_state")
                    ? TargetState.fromInitialState(root.get("initial_state").asText()) : null;
            return new ConnectorDefinition(requireName(file, name), config, initial);
        }
        Map<String, String> config = strings(file, root);
        return new ConnectorDefinition(requireName(file, config.get(ConnectorConfig.NAME_CONFIG)), config, null);
    }

    private static Map<String, String> strings(Path file, JsonNode object) {
        Map<String, String> result = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (v.isContainerNode()) {
                throw new ConnectException("Connector file " + file + ": the value of '" + e.getKey()
                        + "' must be a string, not " + v.getNodeType().toString().toLowerCase());
            }
            result.put(e.getKey(), v.isNull() ? null : v.asText());
        });
        return result;
    }

    private static String requireName(Path file, String name) {
        if (name == null || name.isBlank()) {
            throw new ConnectException("Connector file " + file + " does not name its connector: set 'name'");
        }
        return name.trim();
    }
}
