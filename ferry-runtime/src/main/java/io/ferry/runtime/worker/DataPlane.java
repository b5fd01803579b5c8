package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.ConnectorType;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.TargetState;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * What the control plane asks of the data plane: run, pause, stop and query the connectors and tasks of this worker.
 * {@link Worker} is the real one; the control plane's unit tests drive a fake. Configs are passed raw, with their
 * {@code ${...}} references unresolved. Calls are made from the herder thread.
 */
public interface DataPlane {

    String workerId();

    /**
     * The text with whatever config providers resolved for the connector (and its tasks) on this worker replaced by the
     * placeholders, so that failure traces in statuses show none of it.
     */
    default String redactSecrets(String connector, String text) {
        return text;
    }

    /** The worker's metrics registry ({@code kafka.connect} in JMX), which the control plane adds its groups to. */
    ConnectMetrics metrics();

    void start();

    /** How exactly-once source tasks started from now on are fenced and checked as they start (KIP-618). */
    void useTaskFencing(TaskFencing fencing);

    /** Stops every connector and task, then the stores the worker owns. */
    void stop();

    /** SOURCE, SINK, or UNKNOWN when no installed plugin matches the config's {@code connector.class}. */
    ConnectorType connectorType(Map<String, String> connectorConfig);

    /**
     * Starts a connector towards its target state. Failures are reported to the listener as the connector's FAILED
     * state; the future completes once the connector has reached its state.
     */
    CompletableFuture<Void> startConnector(String name, Map<String, String> config, TargetState target,
                                           StatusListener<String> listener, WorkerConnector.Callbacks callbacks);

    /** True when the connector has an instance here that is running (STARTED and not failed). */
    boolean isRunning(String connector);

    /** The connectors that have an instance here, in whatever state. */
    Set<String> connectorNames();

    boolean ownsConnector(String connector);

    /**
     * The version the connector's instance here declares (KIP-891), written with its statuses; null when it has no
     * instance here, or its plugin declares none.
     */
    String connectorVersion(String connector);

    /** The running connector's task configs; fails when it is not running here or cannot produce them. */
    List<Map<String, String>> connectorTaskConfigs(String name, Map<String, String> config);

    /** Moves the connector (if it runs here) and its tasks here towards the state. */
    void setTargetState(String connector, TargetState state);

    void stopAndAwaitConnector(String name);

    Set<ConnectorTaskId> taskIds();

    /** The version the task's instance here declares, written with its statuses; null as for connectors. */
    String taskVersion(ConnectorTaskId id);

    List<ConnectorTaskId> tasksOf(String connector);

    /** Builds and starts a task; a failure is reported as its FAILED state. Returns whether its thread started. */
    boolean startTask(ConnectorTaskId id, Map<String, String> connectorConfig, Map<String, String> taskConfig,
                      TargetState target, StatusListener<ConnectorTaskId> listener);

    void stopAndAwaitTasks(Collection<ConnectorTaskId> ids);

    TopicTracker topicTracker();

    ConnectorOffsets connectorOffsets(String name, Map<String, String> config);

    /** Fences the transactional producers of the connector's tasks 0 to {@code taskCount - 1} (KIP-618). */
    void fenceProducers(String connector, Map<String, String> config, int taskCount);

    /** Alters a stopped connector's offsets, or resets them all when {@code offsets} is null. */
    Message modifyConnectorOffsets(String name, Map<String, String> config, Map<Map<String, ?>, Map<String, ?>> offsets);
}
