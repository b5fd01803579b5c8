package io.ferry.runtime.storage;

import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest reported status of every connector and task. This base keeps them in memory (standalone statuses are
 * rebuilt when work starts); the Kafka-backed store shares them through the status topic.
 */
public class StatusStore {

    private final Map<String, ComponentStatus> connectors = new ConcurrentHashMap<>();
    /** Task statuses by connector, then task number: a connector's status reads only its own tasks. */
    private final Map<String, Map<Integer, ComponentStatus>> tasks = new ConcurrentHashMap<>();

    /** Starts sharing statuses; nothing to do for statuses kept in memory. */
    public void start() {
    }

    public void stop() {
    }

    public void putConnector(String connector, ComponentStatus status) {
        connectors.put(connector, status);
    }

    public void putTask(ConnectorTaskId task, ComponentStatus status) {
        tasks.compute(task.connector(), (connector, byTask) -> {
            Map<Integer, ComponentStatus> result = byTask == null ? new ConcurrentSkipListMap<>() : byTask;
            result.put(task.task(), status);
            return result;
        });
    }

    public ComponentStatus connector(String connector) {
        return connectors.get(connector);
    }

    public ComponentStatus task(ConnectorTaskId task) {
        Map<Integer, ComponentStatus> byTask = tasks.get(task.connector());
        return byTask == null ? null : byTask.get(task.task());
    }

    /** Every task's latest status, a copy. */
    public Map<ConnectorTaskId, ComponentStatus> tasks() {
        Map<ConnectorTaskId, ComponentStatus> all = new HashMap<>();
        tasks.forEach((connector, byTask) ->
                byTask.forEach((task, status) -> all.put(new ConnectorTaskId(connector, task), status)));
        return Map.copyOf(all);
    }

    public SortedMap<Integer, ComponentStatus> tasksOf(String connector) {
        Map<Integer, ComponentStatus> byTask = tasks.get(connector);
        return byTask == null ? new TreeMap<>() : new TreeMap<>(byTask);
    }

    /** Forgets the connector's own status, keeping its tasks'. */
    public void forgetConnector(String connector) {
        connectors.remove(connector);
    }

    public void removeTask(ConnectorTaskId task) {
        tasks.computeIfPresent(task.connector(), (connector, byTask) -> {
            byTask.remove(task.task());
            return byTask.isEmpty() ? null : byTask;
        });
    }

    public void removeConnector(String connector) {
        connectors.remove(connector);
        tasks.remove(connector);
    }
}
