package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Frequencies;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code connector-task-metrics}: a task's state, the share of its life spent running and paused, its offset
 * commits and batch sizes, and (as Apache Kafka Connect 4.1+ does) the classes and versions of its plugins. It also
 * owns the task's transformation and predicate groups. Created when the task is built; a FAILED task keeps its
 * metrics until it is stopped, so a dashboard shows it as failed.
 */
public final class TaskMetrics implements AutoCloseable {

    private final ConnectMetrics metrics;
    private final ConnectorTaskId id;
    private final MetricGroup group;
    private final StateTracker state;
    private final Sensor commitTime;
    private final Sensor commitAttempts;
    private final Sensor batchSize;
    private final List<MetricGroup> pluginGroups = new ArrayList<>();

    /**
     * @param pluginInfo fixed string attributes such as {@code connector-class} or {@code task-version}, in the
     *                   order they are registered
     */
    public TaskMetrics(ConnectMetrics metrics, ConnectorTaskId id, ComponentState initial, Map<String, String> pluginInfo) {
        this.metrics = metrics;
        this.id = id;
        this.group = metrics.group("connector-task-metrics", "connector", id.connector(), "task", String.valueOf(id.task()));
        this.state = new StateTracker(initial, metrics.time().milliseconds());
        group.gauge("status", "The status of the connector task: one of 'unassigned', 'running', 'paused', 'failed', "
                + "'restarting' or 'destroyed'.", () -> StateTracker.metricValue(state.state()));
        group.measurable("running-ratio", "The fraction of its lifetime this task has spent running.",
                (config, now) -> state.ratio(ComponentState.RUNNING, now));
        group.measurable("pause-ratio", "The fraction of its lifetime this task has spent paused.",
                (config, now) -> state.ratio(ComponentState.PAUSED, now));
        commitTime = group.maxAndAvg("commit-time", "offset-commit-max-time-ms", "offset-commit-avg-time-ms",
                "time this task took to commit offsets (successful commits only).");
        commitAttempts = group.sensor("commit-attempts");
        commitAttempts.add(Frequencies.forBooleanValues(
                group.metricName("offset-commit-failure-percentage",
                        "The fraction of this task's offset commit attempts that failed."),
                group.metricName("offset-commit-success-percentage",
                        "The fraction of this task's offset commit attempts that succeeded.")));
        batchSize = group.maxAndAvg("batch-size", "batch-size-max", "batch-size-avg",
                "batch of records this task handled: polled by a source task, put by a sink task.");
        pluginInfo.forEach((attribute, value) ->
                group.gauge(attribute, "The " + attribute.replace('-', ' ') + " of this task's plugins.", () -> value));
    }

    public ConnectorTaskId id() {
        return id;
    }

    public void recordState(ComponentState next) {
        state.change(next, metrics.time().milliseconds());
    }

    public ComponentState state() {
        return state.state();
    }

    public void recordCommitSuccess(long durationMs) {
        commitTime.record(durationMs);
        commitAttempts.record(1.0);
    }

    public void recordCommitFailure() {
        commitAttempts.record(0.0);
    }

    public void recordBatchSize(int records) {
        batchSize.record(records);
    }

    /** {@code connector-transform-metrics} or {@code connector-predicate-metrics} of one alias of this task. */
    public void addPlugin(String kind, String alias, String className, String version) {
        MetricGroup plugin = metrics.group("connector-" + kind + "-metrics", "connector", id.connector(),
                "task", String.valueOf(id.task()), kind, alias);
        plugin.gauge(kind + "-class", "The class name of the " + kind + " '" + alias + "'.", () -> className);
        plugin.gauge(kind + "-version", "The version of the " + kind + " '" + alias + "'.", () -> version);
        synchronized (pluginGroups) {
            pluginGroups.add(plugin);
        }
    }

    @Override
    public void close() {
        group.close();
        synchronized (pluginGroups) {
            pluginGroups.forEach(MetricGroup::close);
            pluginGroups.clear();
        }
    }
}
