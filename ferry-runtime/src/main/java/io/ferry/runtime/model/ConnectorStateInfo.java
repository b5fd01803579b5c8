package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The status of a connector and its tasks, in the JSON shape of {@code GET /connectors/{name}/status}. */
@JsonPropertyOrder({"name", "connector", "tasks", "type"})
public record ConnectorStateInfo(String name, ConnectorState connector, List<TaskState> tasks, ConnectorType type) {

    /**
     * {@code version} is the version of the plugin instance that reported the state (KIP-891): null when the worker
     * that reported it had no instance (or is older than the field), left out when the plugin cannot tell.
     */
    @JsonPropertyOrder({"state", "worker_id", "trace", "version"})
    public record ConnectorState(String state,
                                 @JsonProperty("worker_id") String workerId,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) String trace,
                                 @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UndefinedVersion.class)
                                 String version) {
    }

    @JsonPropertyOrder({"id", "state", "worker_id", "trace", "version"})
    public record TaskState(int id, String state,
                            @JsonProperty("worker_id") String workerId,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String trace,
                            @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = UndefinedVersion.class)
                            String version) {

        public TaskState withState(String newState) {
            return new TaskState(id, newState, workerId, trace, version);
        }
    }

    /**
     * Leaves {@code version} out when it is {@code undefined} (a plugin that cannot tell its version), as Apache Kafka
     * Connect does; a null version is written as null. Jackson calls {@code equals} with the value to decide.
     */
    public static final class UndefinedVersion {
        @Override
        public boolean equals(Object value) {
            return "undefined".equals(value);
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }
}
