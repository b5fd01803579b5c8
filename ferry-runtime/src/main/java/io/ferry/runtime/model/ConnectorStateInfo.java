package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The status of a connector and its tasks, in the JSON shape of {@code GET /connectors/{name}/status}. */
@JsonPropertyOrder({"name", "connector", "tasks", "type"})
public record ConnectorStateInfo(String name, ConnectorState connector, List<TaskState> tasks, ConnectorType type) {

    @JsonPropertyOrder({"state", "worker_id", "trace"})
    public record ConnectorState(String state,
                                 @JsonProperty("worker_id") String workerId,
                                 @JsonInclude(JsonInclude.Include.NON_EMPTY) String trace) {
    }

    @JsonPropertyOrder({"id", "state", "worker_id", "trace"})
    public record TaskState(int id, String state,
                            @JsonProperty("worker_id") String workerId,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) String trace) {
    }
}
