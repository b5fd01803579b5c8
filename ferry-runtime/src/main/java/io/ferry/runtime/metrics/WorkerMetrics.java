package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ComponentState;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Frequencies;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * {@code connect-worker-metrics}: how many connectors and tasks this worker runs, how their start-ups went, and per
 * connector ({@code connect-worker-metrics,connector=<c>}) how many of its tasks here are in each state. The
 * per-connector group exists while this worker has at least one task of the connector.
 */
public final class WorkerMetrics implements AutoCloseable {

    private static final ComponentState[] COUNTED = {ComponentState.RUNNING, ComponentState.PAUSED,
            ComponentState.FAILED, ComponentState.UNASSIGNED, ComponentState.DESTROYED, ComponentState.RESTARTING};

    private final ConnectMetrics metrics;
    private final MetricGroup group;
    private final Sensor connectorStartups;
    private final Sensor connectorAttempts;
    private final Sensor connectorSuccesses;
    private final Sensor connectorFailures;
    private final Sensor taskStartups;
    private final Sensor taskAttempts;
    private final Sensor taskSuccesses;
    private final Sensor taskFailures;
    private final Map<String, ConnectorTasks> byConnector = new HashMap<>();

    public WorkerMetrics(ConnectMetrics metrics, IntSupplier connectorCount, IntSupplier taskCount) {
        this.metrics = metrics;
        this.group = metrics.group("connect-worker-metrics");
        group.gauge("connector-count", "The number of connectors run in this worker.",
                () -> (double) connectorCount.getAsInt());
        group.gauge("task-count", "The number of tasks run in this worker.", () -> (double) taskCount.getAsInt());
        connectorStartups = percentages("connector");
        connectorAttempts = total("connector-startup-attempts-total", "connector starts attempted");
        connectorSuccesses = total("connector-startup-success-total", "connector starts that succeeded");
        connectorFailures = total("connector-startup-failure-total", "connector starts that failed");
        taskStartups = percentages("task");
        taskAttempts = total("task-startup-attempts-total", "task starts attempted");
        taskSuccesses = total("task-startup-success-total", "task starts that succeeded");
        taskFailures = total("task-startup-failure-total", "task starts that failed");
    }

    private Sensor percentages(String what) {
        Sensor sensor = group.sensor(what + "-startup-results");
        sensor.add(Frequencies.forBooleanValues(
                group.metricName(what + "-startup-failure-percentage",
                        "The fraction of recent " + what + " starts in this worker that failed."),
                group.metricName(what + "-startup-success-percentage",
                        "The fraction of recent " + what + " starts in this worker that succeeded.")));
        return sensor;
    }

    private Sensor total(String attribute, String what) {
        Sensor sensor = group.sensor(attribute);
        sensor.add(group.metricName(attribute, "The number of " + what + " in this worker."), new CumulativeSum());
        return sensor;
    }

    /** A connector start that succeeded or failed; each start is counted once. */
    public void recordConnectorStartup(boolean success) {
        connectorAttempts.record(1);
        (success ? connectorSuccesses : connectorFailures).record(1);
        connectorStartups.record(success ? 1.0 : 0.0);
    }

    public void recordTaskStartup(boolean success) {
        taskAttempts.record(1);
        (success ? taskSuccesses : taskFailures).record(1);
        taskStartups.record(success ? 1.0 : 0.0);
    }

    /** A task of this worker now has metrics: it counts in its connector's per-state task counts. */
    public synchronized void taskAdded(TaskMetrics task) {
        byConnector.computeIfAbsent(task.id().connector(), ConnectorTasks::new).tasks.add(task);
    }

    /** A task left this worker; the connector's group goes with its last task. */
    public synchronized void taskRemoved(TaskMetrics task) {
        ConnectorTasks tasks = byConnector.get(task.id().connector());
        if (tasks != null && tasks.tasks.remove(task) && tasks.tasks.isEmpty()) {
            byConnector.remove(task.id().connector());
            tasks.group.close();
        }
    }

    private synchronized long count(ConnectorTasks tasks, ComponentState state) {
        return tasks.tasks.stream().filter(t -> state == null || t.state() == state).count();
    }

    /** The per-connector task counts of one connector. */
    private final class ConnectorTasks {
        final Set<TaskMetrics> tasks = new LinkedHashSet<>();
        final MetricGroup group;

        ConnectorTasks(String connector) {
            group = metrics.group("connect-worker-metrics", "connector", connector);
            group.gauge("connector-total-task-count", "The number of tasks of the connector on this worker.",
                    () -> count(this, null));
            for (ComponentState state : COUNTED) {
                String name = StateTracker.metricValue(state);
                group.gauge("connector-" + name + "-task-count",
                        "The number of " + name + " tasks of the connector on this worker.", () -> count(this, state));
            }
        }
    }

    @Override
    public synchronized void close() {
        byConnector.values().forEach(tasks -> tasks.group.close());
        byConnector.clear();
        group.close();
    }
}
