package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/** One task's id and config, as {@code GET /connectors/{name}/tasks} lists them. */
@JsonPropertyOrder({"id", "config"})
public record TaskInfo(ConnectorTaskId id, Map<String, String> config) {
}
