package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.SessionKey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A config log in memory: each write is one record, read back (and told to the listener) before the write returns,
 * as the Kafka config store does once it has read its own record.
 */
final class MemoryClusterConfigStore implements ClusterConfigStore {

    private final Map<String, Map<String, String>> connectors = new TreeMap<>();
    private final Map<String, TargetState> states = new HashMap<>();
    private final Map<String, List<Map<String, String>>> tasks = new HashMap<>();
    private final List<String> restartRequests = new ArrayList<>();
    private Listener listener = new Listener() {
        @Override public void onConnectorConfig(String connector, boolean removed) { }
        @Override public void onTargetState(String connector) { }
        @Override public void onTaskConfigs(String connector) { }
        @Override public void onRestartRequest(String connector, boolean includeTasks, boolean onlyFailed) { }
        @Override public void onLoggerLevel(String namespace, String level) { }
    };
    private long offset = -1;
    private SessionKey sessionKey;
    private final Map<String, Integer> taskCountRecords = new HashMap<>();
    private final Set<String> pendingFencing = new HashSet<>();
    private final Map<String, Integer> generations = new HashMap<>();

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public boolean readToEnd(Duration timeout) {
        return true;
    }

    @Override
    public synchronized ClusterConfig snapshot() {
        Map<String, List<Map<String, String>>> taskCopy = new HashMap<>(tasks);
        return new ClusterConfig(offset, Collections.unmodifiableSortedMap(new TreeMap<>(connectors)), Map.copyOf(states),
                Map.copyOf(taskCopy), Set.of());
    }

    @Override
    public void putConnectorConfig(String connector, Map<String, String> config, TargetState initialState) {
        synchronized (this) {
            if (initialState != null) {
                states.put(connector, initialState);
                offset++;
            }
            connectors.put(connector, Map.copyOf(config));
            offset++;
        }
        listener.onConnectorConfig(connector, false);
    }

    @Override
    public void removeConnectorConfig(String connector) {
        synchronized (this) {
            connectors.remove(connector);
            states.remove(connector);
            tasks.remove(connector);
            offset += 2;
        }
        listener.onConnectorConfig(connector, true);
    }

    @Override
    public void putTargetState(String connector, TargetState state) {
        synchronized (this) {
            states.put(connector, state);
            offset++;
        }
        listener.onTargetState(connector);
    }

    @Override
    public void putTaskConfigs(String connector, List<Map<String, String>> configs) {
        synchronized (this) {
            tasks.put(connector, List.copyOf(configs));
            offset += configs.size() + 1;
            pendingFencing.add(connector);
            generations.merge(connector, 0, (generation, zero) -> generation + 1);
        }
        listener.onTaskConfigs(connector);
    }

    @Override
    public void putRestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
        synchronized (this) {
            restartRequests.add(connector + (includeTasks ? " with tasks" : "") + (onlyFailed ? " only failed" : ""));
            offset++;
        }
        listener.onRestartRequest(connector, includeTasks, onlyFailed);
    }

    synchronized List<String> restartRequests() {
        return List.copyOf(restartRequests);
    }

    @Override
    public synchronized SessionKey sessionKey() {
        return sessionKey;
    }

    @Override
    public synchronized void putSessionKey(SessionKey key) {
        sessionKey = key;
        offset++;
    }

    @Override
    public synchronized Integer taskCountRecord(String connector) {
        return taskCountRecords.get(connector);
    }

    @Override
    public synchronized boolean pendingFencing(String connector) {
        return pendingFencing.contains(connector);
    }

    @Override
    public synchronized Integer taskConfigGeneration(String connector) {
        return generations.get(connector);
    }

    @Override
    public synchronized void putTaskCountRecord(String connector, int taskCount) {
        taskCountRecords.put(connector, taskCount);
        pendingFencing.remove(connector);
        offset++;
    }

    @Override
    public void putLoggerLevel(String namespace, String level) {
        synchronized (this) {
            offset++;
        }
        listener.onLoggerLevel(namespace, level);
    }
}
