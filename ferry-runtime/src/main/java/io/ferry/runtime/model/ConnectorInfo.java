package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/** A connector as the REST API shows it: name, config as submitted, task ids and type. */
@JsonPropertyOrder({"name", "config", "tasks", "type"})
public record ConnectorInfo(String name, Map<String, String> config, List<ConnectorTaskId> tasks, ConnectorType type) {
}
