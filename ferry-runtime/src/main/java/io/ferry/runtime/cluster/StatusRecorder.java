package io.ferry.runtime.cluster;

import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.StatusListener;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Turns the worker's state changes into status records. Changes for connectors or tasks that no longer exist
 * (a late shutdown report after a delete) are dropped.
 */
public final class StatusRecorder {

    private final StatusStore store;
    private final String workerId;
    private final Predicate<String> connectorExists;
    private final Predicate<ConnectorTaskId> taskExists;
    private final IntSupplier generation;
    private final Versions versions;
    private volatile AutoRestarts autoRestarts;
    /** Takes what config providers resolved for a connector out of its and its tasks' traces. */
    private volatile java.util.function.BinaryOperator<String> traceRedaction = (connector, trace) -> trace;

    /**
     * Where the versions of the instances on this worker are found (KIP-891). Each status carries the version of the
     * instance here when it is written, null when there is none (a connector that could not be created, or one already
     * removed when its shutdown is reported), as Apache Kafka Connect writes them.
     */
    public record Versions(Function<String, String> connector, Function<ConnectorTaskId, String> task) {
        public static final Versions NONE = new Versions(c -> null, t -> null);
    }

    public StatusRecorder(StatusStore store, String workerId, Predicate<String> connectorExists,
                          Predicate<ConnectorTaskId> taskExists) {
        this(store, workerId, connectorExists, taskExists, () -> 0, Versions.NONE);
    }

    /** {@code generation} is the group generation written with each status, so older reports lose to newer ones. */
    public StatusRecorder(StatusStore store, String workerId, Predicate<String> connectorExists,
                          Predicate<ConnectorTaskId> taskExists, IntSupplier generation, Versions versions) {
        this.generation = generation;
        this.versions = versions;
        this.store = store;
        this.workerId = workerId;
        this.connectorExists = connectorExists;
        this.taskExists = taskExists;
    }

    /** FAILED and RESTARTING records show where the work's automatic restarts stand, so every worker can tell. */
    void showAutoRestarts(AutoRestarts autoRestarts) {
        this.autoRestarts = autoRestarts;
    }

    /** {@code redaction} is given a connector's name and a trace of it or its tasks, and returns what may be shown. */
    void redactTracesWith(java.util.function.BinaryOperator<String> redaction) {
        this.traceRedaction = redaction;
    }

    /** The store the statuses go to. */
    public StatusStore store() {
        return store;
    }

    public StatusListener<String> connectorListener() {
        return new StatusListener<>() {
            @Override public void onStartup(String id) { connector(id, ComponentState.RUNNING, null); }
            @Override public void onPause(String id) { connector(id, ComponentState.PAUSED, null); }
            @Override public void onResume(String id) { connector(id, ComponentState.RUNNING, null); }
            @Override public void onStop(String id) { connector(id, ComponentState.STOPPED, null); }
            @Override public void onFailure(String id, Throwable cause) { connector(id, ComponentState.FAILED, traceRedaction.apply(id, trace(cause))); }
            @Override public void onShutdown(String id) { connector(id, ComponentState.UNASSIGNED, null); }
        };
    }

    public StatusListener<ConnectorTaskId> taskListener() {
        return new StatusListener<>() {
            @Override public void onStartup(ConnectorTaskId id) { task(id, ComponentState.RUNNING, null); }
            @Override public void onPause(ConnectorTaskId id) { task(id, ComponentState.PAUSED, null); }
            @Override public void onResume(ConnectorTaskId id) { task(id, ComponentState.RUNNING, null); }
            @Override public void onStop(ConnectorTaskId id) { task(id, ComponentState.STOPPED, null); }
            @Override public void onFailure(ConnectorTaskId id, Throwable cause) { task(id, ComponentState.FAILED, traceRedaction.apply(id.connector(), trace(cause))); }
            @Override public void onShutdown(ConnectorTaskId id) { task(id, ComponentState.UNASSIGNED, null); }
        };
    }

    public void connector(String connector, ComponentState state, String trace) {
        if (connectorExists.test(connector)) {
            store.putConnector(connector, new ComponentStatus(state, trace, workerId, generation.getAsInt(),
                    versions.connector().apply(connector),
                    autoRestart(new AutoRestarts.Component(connector, null), state)));
        }
    }

    public void task(ConnectorTaskId id, ComponentState state, String trace) {
        if (taskExists.test(id)) {
            store.putTask(id, new ComponentStatus(state, trace, workerId, generation.getAsInt(), versions.task().apply(id),
                    autoRestart(new AutoRestarts.Component(id.connector(), id.task()), state)));
        }
    }

    private AutoRestartState autoRestart(AutoRestarts.Component component, ComponentState state) {
        AutoRestarts restarts = autoRestarts;
        return restarts == null || state != ComponentState.FAILED && state != ComponentState.RESTARTING ? null
                : restarts.state(component);
    }

    /**
     * Rewrites a FAILED status of this worker's that still shows a pending automatic restart, without it: the restart
     * was called off (the connector was paused, stopped, reconfigured or the work moved), so none will come.
     */
    void withoutAutoRestart(AutoRestarts.Component component) {
        ConnectorTaskId task = component.task() == null ? null : new ConnectorTaskId(component.connector(), component.task());
        ComponentStatus current = task == null ? store.connector(component.connector()) : store.task(task);
        if (current == null || current.autoRestart() == null || current.state() != ComponentState.FAILED
                || !workerId.equals(current.workerId())) {
            return;
        }
        if (task == null) {
            connector(component.connector(), ComponentState.FAILED, current.trace());
        } else {
            task(task, ComponentState.FAILED, current.trace());
        }
    }

    public static String trace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
