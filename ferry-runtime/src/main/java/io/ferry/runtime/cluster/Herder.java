package io.ferry.runtime.cluster;

import io.ferry.runtime.logging.LoggerLevels;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.ActiveTopicsInfo;
import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.PluginInfo;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.model.TaskInfo;

import org.apache.kafka.connect.errors.NotFoundException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The control plane the REST API talks to: it owns connector configs and target states and tells the worker what to
 * run. Unknown connectors raise {@link org.apache.kafka.connect.errors.NotFoundException}, duplicate names
 * {@link org.apache.kafka.connect.errors.AlreadyExistsException}, bad requests {@link InvalidRequestException}.
 */
public interface Herder {

    void start();

    void stop();

    /** True once the herder has finished starting and can serve requests. */
    boolean ready();

    /** True when the herder answers a no-op request within the time given (the REST health check). */
    boolean healthy(long timeoutMs);

    /**
     * True once this worker has completed its start-up ({@code GET /health/ready}): a standalone worker has read its
     * connectors file and applied the connector files of its command line; a distributed worker has joined its group
     * and read the config topic up to its first assignment. Unlike {@link #ready()}, a distributed worker whose first
     * rebalance outlasted the rebalance timeout is not complete until that rebalance is.
     */
    default boolean startupComplete() {
        return ready();
    }

    /**
     * True while the herder thread runs and is not deadlocked ({@code GET /health/live}), whatever connectors and
     * tasks do: a slow or hanging plugin call is waited for with a bound, so only a dead or deadlocked herder thread
     * never comes back.
     */
    boolean live();

    /** The FAILED tasks that run on this worker, as its status store sees them, in order. */
    List<ConnectorTaskId> failedTasks();

    String kafkaClusterId();

    Collection<String> connectors();

    ConnectorInfo connectorInfo(String name);

    /** The config as submitted, with {@code ${...}} references unresolved. */
    Map<String, String> connectorConfig(String name);

    /**
     * Creates a connector, or replaces its config when {@code allowReplace}. The config is validated first; an
     * invalid one is refused with every problem listed. {@code initialState} applies only on creation (null = RUNNING).
     */
    Created<ConnectorInfo> putConnectorConfig(String name, Map<String, String> config, TargetState initialState,
                                              boolean allowReplace);

    /** Applies a partial config (KIP-477): null values remove keys. */
    Created<ConnectorInfo> patchConnectorConfig(String name, Map<String, String> patch);

    void deleteConnector(String name);

    /** Stops the connector and its tasks, keeping its config (KIP-875); its offsets can then be changed. */
    void stopConnector(String name);

    ActiveTopicsInfo connectorActiveTopics(String name);

    void resetConnectorActiveTopics(String name);

    ConnectorOffsets connectorOffsets(String name);

    /** Alters the offsets of a STOPPED connector. */
    Message alterConnectorOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets);

    /** Removes every offset of a STOPPED connector. */
    Message resetConnectorOffsets(String name);

    /** The config keys of a plugin (connector, converter, transformation or predicate). */
    List<ConfigInfos.ConfigKeyInfo> connectorPluginConfig(String plugin, String version);

    ConnectorStateInfo connectorStatus(String name);

    /** The status of every connector; one deleted while this runs is left out. */
    default List<ConnectorStateInfo> connectorStatuses() {
        List<ConnectorStateInfo> result = new ArrayList<>();
        for (String name : connectors()) {
            try {
                result.add(connectorStatus(name));
            } catch (NotFoundException e) {
                // deleted meanwhile
            }
        }
        return result;
    }

    /** This worker's id, {@code host:port} of its advertised REST listener, as statuses name it. */
    String workerId();

    ConnectorStateInfo.TaskState taskStatus(ConnectorTaskId id);

    List<TaskInfo> taskConfigs(String name);

    void restartConnector(String name);

    void restartTask(ConnectorTaskId id);

    /**
     * Restarts the connector and, with {@code includeTasks}, its tasks; with {@code onlyFailed} only those that
     * failed. Returns the status as it was, with what is being restarted shown as RESTARTING.
     */
    ConnectorStateInfo restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed);

    void pauseConnector(String name);

    void resumeConnector(String name);

    ConfigInfos validateConnectorConfig(Map<String, String> config);

    List<PluginInfo> connectorPlugins(boolean connectorsOnly);

    /** This worker's loggers and their levels (KIP-495). */
    Map<String, LoggerLevels.LoggerLevel> loggerLevels();

    /** One logger of this worker, or null when there is none of that name. */
    LoggerLevels.LoggerLevel loggerLevel(String logger);

    /** Sets a logger and its descendants on this worker; returns the loggers whose level changed. */
    List<String> setWorkerLoggerLevel(String namespace, String level);

    /**
     * Whether the connector and its tasks run, and where their automatic restarts stand, from the status records
     * every worker reads. Unknown connectors raise {@link org.apache.kafka.connect.errors.NotFoundException}.
     */
    ConnectorHealth connectorHealth(String name);

    /** The work that failed on this worker and has automatic restarts, and where they stand. */
    Map<AutoRestarts.Component, AutoRestartState> autoRestarts();

    /** Sets a logger and its descendants on every worker of the cluster (KIP-976). */
    void setClusterLoggerLevel(String namespace, String level);

    /**
     * Task configs a connector generated on another worker of the cluster, for the leader to write (an internal
     * request between workers, signed when the cluster signs them; null: unsigned). A standalone worker has no use
     * for it.
     */
    default void putTaskConfigs(String name, List<Map<String, String>> configs, InternalRequestSignature signature) {
        throw new InvalidRequestException("Kafka Connect in standalone mode does not support externally setting task configurations.");
    }

    /**
     * Fences the producers of an exactly-once source connector's earlier tasks, before tasks of its new generation
     * start (KIP-618); only the leader does it. An internal request between workers, signed like task configs.
     */
    default void fenceZombies(String connector, InternalRequestSignature signature) {
        throw new InvalidRequestException("Kafka Connect in standalone mode does not support exactly-once source connectors.");
    }

    /**
     * Whether {@link #putTaskConfigs} and {@link #fenceZombies} refuse requests without a valid session key
     * signature now (a cluster whose group signs its requests), so that the REST API may let such requests in
     * without user credentials.
     */
    default boolean verifiesInternalRequestSignatures() {
        return false;
    }
}
