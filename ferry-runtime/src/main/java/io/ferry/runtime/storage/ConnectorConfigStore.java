package io.ferry.runtime.storage;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A standalone worker's connector configurations and target states, as written through the herder, and the task
 * configs its connectors generated. Task configs are regenerated when the worker starts, so they are not kept.
 */
public interface ConnectorConfigStore {

    void start();

    void stop();

    SortedMap<String, StoredConnector> connectors();

    void put(String name, StoredConnector connector);

    /** Removes the connector and its task configs. */
    void remove(String name);

    /** Replaces a connector's task configs; ignored when the connector is not (or no longer) stored. */
    void putTaskConfigs(String name, List<Map<String, String>> configs);

    /** Everything stored, in the form the control plane reconciles against in both modes. */
    ClusterConfig snapshot();

    default StoredConnector get(String name) {
        return connectors().get(name);
    }

    default boolean contains(String name) {
        return connectors().containsKey(name);
    }

    default Map<String, String> config(String name) {
        StoredConnector c = get(name);
        return c == null ? null : c.config();
    }
}
