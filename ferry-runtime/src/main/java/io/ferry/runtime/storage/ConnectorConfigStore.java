package io.ferry.runtime.storage;

import java.util.Map;
import java.util.SortedMap;

/** Connector configurations and target states, as written through the herder. */
public interface ConnectorConfigStore {

    void start();

    void stop();

    SortedMap<String, StoredConnector> connectors();

    void put(String name, StoredConnector connector);

    void remove(String name);

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
