package io.ferry.runtime.model;

import java.util.Map;

/** A connector given to a worker at start-up, from a connector file on the command line. */
public record ConnectorDefinition(String name, Map<String, String> config, TargetState initialState) {
}
