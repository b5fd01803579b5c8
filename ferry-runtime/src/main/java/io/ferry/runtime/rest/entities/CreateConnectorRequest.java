package io.ferry.runtime.rest.entities;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** The body of {@code POST /connectors}; also one of the forms a connector file may take. */
public record CreateConnectorRequest(@JsonProperty("name") String name,
                                     @JsonProperty("config") Map<String, String> config,
                                     @JsonProperty("initial_state") String initialState) {
}
