package io.ferry.runtime.storage;

import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest reported status of every connector and task. This base keeps them in memory (standalone statuses are
 * rebuilt when work starts); the Kafka-backed store shares them through the status topic.
 */
public class StatusStore {

    private final Map<String, ComponentStatus> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, ComponentStatus> tasks = new ConcurrentHashMap<>();

    /** Starts sharing statuses; nothing to do for statuses kept in memory. */
    public void start() {
    }

    public void stop() {
    }

    public void putConnector(String connector, ComponentStatus status) {
        connectors.put(connector, status);
    }

    public void putTask(ConnectorTaskId task, ComponentStatus status) {
        tasks.put(task, status);
    }

    public ComponentStatus connector(String connector) {
        return connectors.get(connector);
    }

    public ComponentStatus task(ConnectorTaskId task) {
        return tasks.get(task);
    }

    /** Every task's latest status, a copy. */
    public Map<ConnectorTaskId, ComponentStatus> tasks() {
        return Map.copyOf(tasks);
    }

    public SortedMap<Integer, ComponentStatus> tasksOf(String connector) {
        SortedMap<Integer, ComponentStatus> result = new TreeMap<>();
        tasks.forEach((id, status) -> {
            if (id.connector().equals(connector)) {
                result.put(id.task(), status);
            }
        });
        return result;
    }

    /** Forgets the connector's own status, keeping its tasks'. */
    public void forgetConnector(String connector) {
        connectors.remove(connector);
    }

    public void removeTask(ConnectorTaskId task) {
        tasks.remove(task);
    }

    public void removeConnector(String connector) {
        connectors.remove(connector);
        tasks.keySet().removeIf(id -> id.connector().equals(connector));
    }
}
