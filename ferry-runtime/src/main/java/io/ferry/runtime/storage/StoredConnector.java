package io.ferry.runtime.storage;

import io.ferry.runtime.model.TargetState;

import java.util.Map;

/**
 * A connector as the config store keeps it. {@code fromFile} marks connectors defined by a connector file given to a
 * standalone worker on its command line: those follow the command line, REST-created ones persist on their own.
 */
public record StoredConnector(Map<String, String> config, TargetState targetState, boolean fromFile) {

    public StoredConnector {
        config = Map.copyOf(config);
    }

    public StoredConnector withTargetState(TargetState state) {
        return new StoredConnector(config, state, fromFile);
    }
}
