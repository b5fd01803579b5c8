package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ComponentState;

/**
 * {@code connector-metrics}: a connector's class, type, version and state on the worker that runs it. Created when
 * the connector instance is, removed when it is shut down; a FAILED or STOPPED connector keeps its metrics.
 */
public final class ConnectorMetrics implements AutoCloseable {

    private final MetricGroup group;
    private final StateTracker state;
    private final ConnectMetrics metrics;

    /** {@code type} is {@code source}, {@code sink} or {@code unknown}. */
    public ConnectorMetrics(ConnectMetrics metrics, String connector, String className, String type, String version) {
        this.metrics = metrics;
        this.group = metrics.group("connector-metrics", "connector", connector);
        this.state = new StateTracker(ComponentState.UNASSIGNED, metrics.time().milliseconds());
        group.gauge("connector-class", "The name of the connector class.", () -> className);
        group.gauge("connector-type", "The type of the connector: 'source' or 'sink'.", () -> type);
        group.gauge("connector-version", "The version of the connector class, as the connector reports it.",
                () -> version);
        group.gauge("status", "The status of the connector: one of 'unassigned', 'running', 'paused', 'stopped', "
                + "'failed', 'restarting' or 'destroyed'.", () -> StateTracker.metricValue(state.state()));
    }

    public void recordState(ComponentState next) {
        state.change(next, metrics.time().milliseconds());
    }

    public ComponentState state() {
        return state.state();
    }

    @Override
    public void close() {
        group.close();
    }
}
