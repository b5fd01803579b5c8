package io.ferry.runtime.cluster;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.ConnectorType;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.worker.DataPlane;
import io.ferry.runtime.worker.StatusListener;
import io.ferry.runtime.worker.TaskFencing;
import io.ferry.runtime.worker.TopicTracker;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A data plane that runs nothing: it keeps the connectors and tasks it was told to run, with their configs and
 * states, reports state changes as the real worker does, and logs every start and stop, so the control plane's rules
 * can be checked in milliseconds. A connector generates one task config per {@code tasks.max} unless a test says
 * otherwise.
 */
public final class FakeDataPlane implements DataPlane {

    /** The version every connector (and task) instance of this data plane declares. */
    public static final String CONNECTOR_VERSION = "1.2.3";
    public static final String TASK_VERSION = "1.2.3-task";

    private final ConnectMetrics metrics = ConnectMetrics.forTesting("fake:8083", Time.SYSTEM);

    public record RunningConnector(Map<String, String> config, TargetState state, StatusListener<String> listener,
                                   WorkerConnector.Callbacks callbacks) {
    }

    public record RunningTask(Map<String, String> connectorConfig, Map<String, String> taskConfig, TargetState state) {
    }

    private final Map<String, RunningConnector> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, RunningTask> tasks = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, StatusListener<ConnectorTaskId>> taskListeners = new ConcurrentHashMap<>();
    private final Map<String, List<Map<String, String>>> generated = new ConcurrentHashMap<>();
    private final Set<String> failingConnectors = new HashSet<>();
    private final Map<String, CompletableFuture<Void>> hangingStarts = new ConcurrentHashMap<>();
    /** Tasks whose thread died: as in the real worker, they report nothing more until they are stopped. */
    private final Set<ConnectorTaskId> failedTasks = ConcurrentHashMap.newKeySet();
    private final Map<ConnectorTaskId, Integer> failingStarts = new ConcurrentHashMap<>();
    private final List<String> events = new ArrayList<>();
    private final TopicTracker topicTracker = new TopicTracker(true);
    private volatile TaskFencing taskFencing = TaskFencing.NONE;
    /** Rounds of producer fencing: "connector: task count". */
    private final List<String> fencedProducers = new CopyOnWriteArrayList<>();
    private volatile RuntimeException fencingFailure;

    // ---- what a test sets and reads ----

    /** The task configs the connector generates from now on. */
    public void generates(String connector, List<Map<String, String>> taskConfigs) {
        generated.put(connector, List.copyOf(taskConfigs));
    }

    /** The connector fails when it starts. */
    public void failsOnStart(String connector) {
        failingConnectors.add(connector);
    }

    /**
     * The connector's start hangs, as a plugin's start() that blocks does, until the returned future is completed
     * (the herder waits for it, as for the real worker's).
     */
    public CompletableFuture<Void> hangsOnStart(String connector) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        hangingStarts.put(connector, started);
        return started;
    }

    /** The connector starts again from now on. */
    public void healConnector(String connector) {
        failingConnectors.remove(connector);
    }

    /** The task fails right after each of its next {@code times} starts, as a task whose start() throws does. */
    public void failsOnStart(ConnectorTaskId id, int times) {
        failingStarts.put(id, times);
    }

    /** Reports the task FAILED, as a task whose thread died would. */
    public void failTask(ConnectorTaskId id) {
        failTask(id, new ConnectException("task failed"));
    }

    public void failTask(ConnectorTaskId id, Throwable cause) {
        failedTasks.add(id);
        taskListeners.get(id).onFailure(id, cause);
    }

    /** What the control plane has the data plane fence exactly-once tasks with (KIP-618). */
    public TaskFencing taskFencing() {
        return taskFencing;
    }

    /** The rounds of producer fencing asked for, in order: "connector: number of tasks fenced". */
    public List<String> fencedProducers() {
        return List.copyOf(fencedProducers);
    }

    /** Fencing producers fails with this from now on (null: succeeds), as when the brokers cannot be reached. */
    public void failFencingWith(RuntimeException failure) {
        fencingFailure = failure;
    }

    /** What was started and stopped, in order: "start connector c", "stop task c-0", ... */
    public synchronized List<String> events() {
        return List.copyOf(events);
    }

    public synchronized void clearEvents() {
        events.clear();
    }

    public long count(String event) {
        return events().stream().filter(event::equals).count();
    }

    public RunningConnector connector(String name) {
        return connectors.get(name);
    }

    public RunningTask task(ConnectorTaskId id) {
        return tasks.get(id);
    }

    /** Asks the control plane for new task configs, as a running connector does. */
    public void requestReconfiguration(String connector) {
        connectors.get(connector).callbacks().requestTaskReconfiguration(connector);
    }

    private synchronized void log(String event) {
        events.add(event);
    }

    // ---- the data plane ----

    @Override
    public String workerId() {
        return "fake:8083";
    }

    @Override
    public ConnectMetrics metrics() {
        return metrics;
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        stopAndAwaitTasks(taskIds());
        connectorNames().forEach(this::stopAndAwaitConnector);
    }

    @Override
    public ConnectorType connectorType(Map<String, String> connectorConfig) {
        return connectorConfig.getOrDefault("connector.class", "").endsWith("SinkConnector") ? ConnectorType.SINK
                : ConnectorType.SOURCE;
    }

    @Override
    public void useTaskFencing(TaskFencing fencing) {
        taskFencing = fencing;
    }

    @Override
    public void fenceProducers(String connector, Map<String, String> config, int taskCount) {
        if (fencingFailure != null) {
            throw fencingFailure;
        }
        fencedProducers.add(connector + ": " + taskCount);
    }

    @Override
    public CompletableFuture<Void> startConnector(String name, Map<String, String> config, TargetState target,
                                                  StatusListener<String> listener, WorkerConnector.Callbacks callbacks) {
        if (connectors.containsKey(name)) {
            throw new ConnectException("Connector " + name + " is already running on this worker");
        }
        log("start connector " + name);
        if (failingConnectors.contains(name)) {
            listener.onFailure(name, new ConnectException("connector failed"));
            return CompletableFuture.completedFuture(null);
        }
        connectors.put(name, new RunningConnector(config, target, listener, callbacks));
        CompletableFuture<Void> hanging = hangingStarts.remove(name);
        if (hanging != null) {
            return hanging.thenRun(() -> report(name, target, listener));
        }
        report(name, target, listener);
        return CompletableFuture.completedFuture(null);
    }

    private static <T> void report(T id, TargetState state, StatusListener<T> listener) {
        switch (state) {
            case STARTED -> listener.onStartup(id);
            case PAUSED -> listener.onPause(id);
            case STOPPED -> listener.onStop(id);
        }
    }

    @Override
    public boolean isRunning(String connector) {
        RunningConnector c = connectors.get(connector);
        return c != null && c.state() == TargetState.STARTED;
    }

    @Override
    public Set<String> connectorNames() {
        return Set.copyOf(connectors.keySet());
    }

    @Override
    public boolean ownsConnector(String connector) {
        return connectors.containsKey(connector);
    }

    @Override
    public String connectorVersion(String connector) {
        return connectors.containsKey(connector) ? CONNECTOR_VERSION : null;
    }

    @Override
    public String taskVersion(ConnectorTaskId id) {
        return tasks.containsKey(id) ? TASK_VERSION : null;
    }

    @Override
    public List<Map<String, String>> connectorTaskConfigs(String name, Map<String, String> config) {
        if (!isRunning(name)) {
            throw new ConnectException("Connector " + name + " is not running on this worker");
        }
        List<Map<String, String>> configs = generated.get(name);
        if (configs != null) {
            return configs;
        }
        int max;
        try {
            max = Integer.parseInt(config.getOrDefault("tasks.max", "1"));
        } catch (NumberFormatException e) {
            throw new ConnectException("Invalid tasks.max: " + e.getMessage());
        }
        List<Map<String, String>> result = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            Map<String, String> task = new TreeMap<>(config);
            task.put("task.id", Integer.toString(i));
            result.add(task);
        }
        return result;
    }

    @Override
    public void setTargetState(String connector, TargetState state) {
        RunningConnector c = connectors.get(connector);
        if (c != null) {
            connectors.put(connector, new RunningConnector(c.config(), state, c.listener(), c.callbacks()));
            report(connector, state, c.listener());
        }
        if (state != TargetState.STOPPED) {
            tasks.replaceAll((id, t) -> {
                if (!id.connector().equals(connector)) {
                    return t;
                }
                if (!failedTasks.contains(id)) {
                    report(id, state, taskListeners.get(id));
                }
                return new RunningTask(t.connectorConfig(), t.taskConfig(), state);
            });
        }
    }

    @Override
    public void stopAndAwaitConnector(String name) {
        RunningConnector c = connectors.remove(name);
        if (c != null) {
            log("stop connector " + name);
            c.listener().onShutdown(name);
        }
    }

    @Override
    public Set<ConnectorTaskId> taskIds() {
        return Set.copyOf(tasks.keySet());
    }

    @Override
    public List<ConnectorTaskId> tasksOf(String connector) {
        return tasks.keySet().stream().filter(id -> id.connector().equals(connector)).sorted().toList();
    }

    @Override
    public boolean startTask(ConnectorTaskId id, Map<String, String> connectorConfig, Map<String, String> taskConfig,
                             TargetState target, StatusListener<ConnectorTaskId> listener) {
        if (tasks.containsKey(id)) {
            throw new ConnectException("Task " + id + " is already running on this worker");
        }
        log("start task " + id);
        tasks.put(id, new RunningTask(connectorConfig, taskConfig, target));
        taskListeners.put(id, listener);
        int failures = failingStarts.getOrDefault(id, 0);
        if (failures > 0) {
            failingStarts.put(id, failures - 1);
            failedTasks.add(id);
            listener.onFailure(id, new ConnectException("task failed in start"));
            return true;
        }
        report(id, target, listener);
        return true;
    }

    @Override
    public void stopAndAwaitTasks(Collection<ConnectorTaskId> ids) {
        for (ConnectorTaskId id : ids) {
            if (tasks.remove(id) != null) {
                log("stop task " + id);
                StatusListener<ConnectorTaskId> listener = taskListeners.remove(id);
                if (!failedTasks.remove(id)) {
                    listener.onShutdown(id);
                }
            }
        }
    }

    @Override
    public TopicTracker topicTracker() {
        return topicTracker;
    }

    @Override
    public ConnectorOffsets connectorOffsets(String name, Map<String, String> config) {
        return new ConnectorOffsets(List.of());
    }

    @Override
    public Message modifyConnectorOffsets(String name, Map<String, String> config,
                                          Map<Map<String, ?>, Map<String, ?>> offsets) {
        return new Message("The offsets of connector " + name + " were changed");
    }
}
