package io.ferry.runtime.cluster;

import io.ferry.runtime.logging.LoggerLevels;
import io.ferry.runtime.model.ActiveTopicsInfo;
import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.PluginInfo;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.model.TaskInfo;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.DataPlane;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The control plane both modes share. Reads are answered from the config store's snapshot and the status store.
 * Changes are checked, then written to the config store on the herder thread, exactly as a cluster's leader writes
 * its config topic; what runs then follows from the config through the {@link Reconciler}, when this worker reads the
 * change back. A standalone worker is a cluster of one: its store is a file, it applies each change at once, and it
 * is its own leader.
 */
public abstract class AbstractHerder implements Herder, ClusterConfigStore.Listener, WorkerConnector.Callbacks {

    private static final Logger log = LoggerFactory.getLogger(AbstractHerder.class);
    /** How long a REST request waits for the herder thread. */
    public static final long REQUEST_TIMEOUT_MS = 90_000;

    private record RestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
    }

    protected final DataPlane worker;
    protected final ClusterConfigStore configStore;
    protected final StatusStore statusStore;
    private final StatusRecorder statuses;
    private final ConnectorStatuses connectorStatuses;
    protected final Reconciler reconciler;
    protected final ConnectorValidator validator;
    private final Plugins plugins;
    protected final LoggerLevels loggers = new LoggerLevels();
    private final String kafkaClusterId;
    private final Queue<RestartRequest> restarts = new ConcurrentLinkedQueue<>();

    /** @param autoRestart the worker's {@code auto.restart.*} settings */
    protected AbstractHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins,
                             ClusterConfigStore configStore, StatusStore statusStore, String kafkaClusterId,
                             AutoRestartPolicy autoRestart, Time time) {
        this.worker = worker;
        this.configStore = configStore;
        this.statusStore = statusStore;
        this.kafkaClusterId = kafkaClusterId;
        this.validator = validator;
        this.plugins = plugins;
        this.connectorStatuses = new ConnectorStatuses(worker, configStore, statusStore);
        this.statuses = connectorStatuses.recorder(this::generation);
        this.reconciler = new Reconciler(worker, statuses, this, this::publishTaskConfigs, time,
                new AutoRestarts(time, new Random()), autoRestart);
        configStore.setListener(this);
    }

    // ---- what each mode does its own way ----

    /** Runs a change on the herder thread, in order with every other change, and waits for its result. */
    protected abstract <V> V onHerderThread(Callable<V> work);

    /**
     * Refuses a change this worker may not make now (a follower forwards it to the leader; nobody changes anything
     * during a rebalance). Checked before the change is queued and again on the herder thread.
     */
    protected abstract void checkCanChange();

    /** Called on the herder thread after a change was written: a standalone worker applies it at once. */
    protected abstract void afterChange();

    /** Hands task configs a connector running here generated to whoever writes them (this worker, if it leads). */
    protected abstract void publishTaskConfigs(String connector, List<Map<String, String>> configs);

    /** The group generation written with statuses; 0 for a standalone worker. */
    protected abstract int generation();

    /** Wakes the herder thread: a config change or a restart request waits for it. */
    protected abstract void wakeup();

    /** The thread that applies every change, or null before it started and once the herder is stopping. */
    protected abstract Thread herderThread();

    /**
     * Live while the herder thread runs and is in no deadlock. How long it takes does not matter: every wait on a
     * connector or task is bounded, so a slow or hanging plugin holds it up for a while, never for good, and a probe
     * must not restart the worker for it (a connector would only hang the next worker it moves to).
     */
    @Override
    public boolean live() {
        Thread herderThread = herderThread();
        if (herderThread == null || !herderThread.isAlive()) {
            return false;
        }
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        return deadlocked == null || Arrays.stream(deadlocked).noneMatch(id -> id == herderThread.getId());
    }

    @Override
    public Map<String, LoggerLevels.LoggerLevel> loggerLevels() {
        return loggers.all();
    }

    @Override
    public LoggerLevels.LoggerLevel loggerLevel(String logger) {
        return loggers.level(logger);
    }

    @Override
    public List<String> setWorkerLoggerLevel(String namespace, String level) {
        return loggers.setLevel(namespace, level);
    }

    /** Written to the config log; every worker (this one too) applies it when it reads it back (KIP-976). */
    @Override
    public void setClusterLoggerLevel(String namespace, String level) {
        configStore.putLoggerLevel(namespace, level);
    }

    /** The connector's config as submitted, or null when there is no such connector. */
    protected Map<String, String> configOf(String connector) {
        return configStore.snapshot().config(connector);
    }

    /** The connector's current task configs, in task order. */
    protected List<Map<String, String>> taskConfigsOf(String connector) {
        return configStore.snapshot().tasks(connector);
    }

    @Override
    public Collection<String> connectors() {
        return new ArrayList<>(configStore.snapshot().connectors().keySet());
    }

    protected Map<String, String> existing(String connector) {
        return existing(connector, "Connector " + connector + " not found");
    }

    /** The connector's config, or a 404 with the message Apache Kafka Connect gives for the request at hand. */
    protected Map<String, String> existing(String connector, String notFoundMessage) {
        Map<String, String> config = configOf(connector);
        if (config == null) {
            throw new NotFoundException(notFoundMessage);
        }
        return config;
    }

    /** The 404 message of restarts (of a connector or of one of its tasks), as a cluster of Apache's words it. */
    protected static String unknownConnectorToRestart(String connector) {
        return "Unknown connector: " + connector;
    }

    @Override
    public String workerId() {
        return worker.workerId();
    }

    @Override
    public String kafkaClusterId() {
        return kafkaClusterId;
    }

    @Override
    public ConnectorInfo connectorInfo(String name) {
        Map<String, String> config = existing(name);
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (int i = 0; i < taskConfigsOf(name).size(); i++) {
            tasks.add(new ConnectorTaskId(name, i));
        }
        return new ConnectorInfo(name, config, tasks, worker.connectorType(config));
    }

    @Override
    public Map<String, String> connectorConfig(String name) {
        return existing(name);
    }

    @Override
    public ConnectorStateInfo connectorStatus(String name) {
        return connectorStatuses.connector(name);
    }

    @Override
    public ConnectorHealth connectorHealth(String name) {
        existing(name);
        return connectorStatuses.health(name);
    }

    @Override
    public Map<AutoRestarts.Component, AutoRestartState> autoRestarts() {
        return reconciler.autoRestarts().states();
    }

    @Override
    public List<ConnectorTaskId> failedTasks() {
        return connectorStatuses.failedHere();
    }

    @Override
    public ConnectorStateInfo.TaskState taskStatus(ConnectorTaskId id) {
        return connectorStatuses.task(id);
    }

    @Override
    public List<TaskInfo> taskConfigs(String name) {
        existing(name);
        List<TaskInfo> result = new ArrayList<>();
        List<Map<String, String>> configs = taskConfigsOf(name);
        for (int i = 0; i < configs.size(); i++) {
            result.add(new TaskInfo(new ConnectorTaskId(name, i), configs.get(i)));
        }
        return result;
    }

    @Override
    public Created<ConnectorInfo> patchConnectorConfig(String name, Map<String, String> patch) {
        Map<String, String> patched = new LinkedHashMap<>(existing(name));
        patch.forEach((k, v) -> {
            if (v == null) {
                patched.remove(k);
            } else {
                patched.put(k, v);
            }
        });
        return putConnectorConfig(name, patched, null, true);
    }

    @Override
    public ActiveTopicsInfo connectorActiveTopics(String name) {
        return new ActiveTopicsInfo(name, worker.topicTracker().topics(name));
    }

    @Override
    public void resetConnectorActiveTopics(String name) {
        worker.topicTracker().reset(name);
    }

    @Override
    public ConnectorOffsets connectorOffsets(String name) {
        return worker.connectorOffsets(name, existing(name));
    }

    @Override
    public List<ConfigInfos.ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return validator.pluginConfig(plugin, version);
    }

    @Override
    public ConfigInfos validateConnectorConfig(Map<String, String> config) {
        return validator.validate(config);
    }

    @Override
    public List<PluginInfo> connectorPlugins(boolean connectorsOnly) {
        return ConnectorRequests.connectorPlugins(plugins, connectorsOnly);
    }

    // ---- changes: checked, then written to the config log on the herder thread ----

    @Override
    public Created<ConnectorInfo> putConnectorConfig(String name, Map<String, String> submitted, TargetState initialState,
                                                     boolean allowReplace) {
        checkCanChange();
        Map<String, String> config = ConnectorRequests.withName(name, submitted);
        if (!configStore.snapshot().contains(name)) {
            ConnectorNames.requireAddressable(name);
        }
        ConnectorRequests.rejectIfInvalid(validator, config);
        return onHerderThread(() -> {
            checkCanChange();
            boolean exists = configStore.snapshot().contains(name);
            if (exists && !allowReplace) {
                throw new AlreadyExistsException("Connector " + name + " already exists");
            }
            if (!exists) {
                // Checked again: the connector may have been deleted since.
                ConnectorNames.requireAddressable(name);
            }
            configStore.putConnectorConfig(name, config, exists ? null : initialState);
            log.info("{} connector {}", exists ? "Reconfigured" : "Created", name);
            afterChange();
            return new Created<>(!exists, connectorInfo(name));
        });
    }

    @Override
    public void deleteConnector(String name) {
        onHerderThread(() -> {
            checkCanChange();
            existing(name);
            configStore.removeConnectorConfig(name);
            afterChange();
            statusStore.removeConnector(name);
            worker.topicTracker().reset(name);
            log.info("Deleted connector {}", name);
            return null;
        });
    }

    /** A stopped connector keeps its config but has no tasks (KIP-875): its task configs go first. */
    @Override
    public void stopConnector(String name) {
        onHerderThread(() -> {
            checkCanChange();
            existing(name, "Unknown connector " + name);
            writeTaskConfigs(name, List.of());
            configStore.putTargetState(name, TargetState.STOPPED);
            afterChange();
            return null;
        });
    }

    @Override
    public void pauseConnector(String name) {
        setTargetState(name, TargetState.PAUSED);
    }

    @Override
    public void resumeConnector(String name) {
        setTargetState(name, TargetState.STARTED);
    }

    private void setTargetState(String name, TargetState state) {
        onHerderThread(() -> {
            checkCanChange();
            ClusterConfig config = configStore.snapshot();
            if (!config.contains(name)) {
                throw new NotFoundException("Unknown connector " + name);
            }
            if (config.targetState(name) != state) {
                configStore.putTargetState(name, state);
                afterChange();
            }
            return null;
        });
    }

    @Override
    public Message alterConnectorOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (offsets == null || offsets.isEmpty()) {
            throw new ConnectException("The offsets to be altered may not be null or empty");
        }
        return modifyOffsets(name, offsets);
    }

    @Override
    public Message resetConnectorOffsets(String name) {
        return modifyOffsets(name, null);
    }

    /** Alters (or, with null, resets) the offsets of a connector, which must be STOPPED. */
    private Message modifyOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets) {
        onHerderThread(() -> stoppedConnectorConfig(name));
        beforeOffsetsChange(name);
        return onHerderThread(() -> worker.modifyConnectorOffsets(name, stoppedConnectorConfig(name), offsets));
    }

    private Map<String, String> stoppedConnectorConfig(String name) {
        checkCanChange();
        Map<String, String> config = existing(name);
        ClusterConfig current = configStore.snapshot();
        if (current.targetState(name) != TargetState.STOPPED || !current.tasks(name).isEmpty()) {
            throw ConnectorRequests.notStopped(name);
        }
        return config;
    }

    /** Called once a connector's offsets may be changed, before they are, outside the herder thread. */
    protected void beforeOffsetsChange(String name) {
    }

    @Override
    public void restartConnector(String name) {
        // An unknown connector is refused by whichever worker is asked, before any forwarding, as Apache does.
        existing(name, unknownConnectorToRestart(name));
        restartConnectorAndTasks(name, false, false);
    }

    /**
     * Marks what the restart covers RESTARTING and writes the request; the workers that run what it covers carry it
     * out when they read it back. Answers the plan.
     */
    @Override
    public ConnectorStateInfo restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed) {
        return onHerderThread(() -> {
            checkCanChange();
            existing(name, unknownConnectorToRestart(name));
            ConnectorStateInfo plan = connectorStatuses.markRestarting(name, includeTasks, onlyFailed, generation());
            configStore.putRestartRequest(name, includeTasks, onlyFailed);
            afterChange();
            return plan;
        });
    }

    /** How the leader writes task configs: statuses of tasks beyond the new count go with them. */
    protected void writeTaskConfigs(String connector, List<Map<String, String>> configs) {
        configStore.putTaskConfigs(connector, configs);
        connectorStatuses.removeTasksFrom(connector, configs.size());
        log.info("Wrote {} task config(s) for connector {}", configs.size(), connector);
    }

    // ---- what this worker reads back from the config log (its reading thread, or the herder thread) ----

    @Override
    public void onConnectorConfig(String connector, boolean removed) {
        configChanged();
    }

    @Override
    public void onTargetState(String connector) {
        configChanged();
    }

    @Override
    public void onTaskConfigs(String connector) {
        configChanged();
    }

    /** A standalone worker applies the config after each change anyway; a distributed one marks it for its thread. */
    protected void configChanged() {
    }

    @Override
    public void onRestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
        restarts.add(new RestartRequest(connector, includeTasks, onlyFailed));
        wakeup();
    }

    @Override
    public void onLoggerLevel(String namespace, String level) {
        loggers.setLevel(namespace, level);
    }

    /** Called by a running connector; carried out on the herder thread. */
    @Override
    public void requestTaskReconfiguration(String connector) {
        reconciler.requestReconfiguration(connector);
        wakeup();
    }

    /** Carries out the restart requests read back since the last call, for what this worker is assigned. */
    protected void applyRestarts(Reconciler.Assignment assignment) {
        RestartRequest r;
        while ((r = restarts.poll()) != null) {
            reconciler.restart(r.connector(), r.includeTasks(), r.onlyFailed(), assignment);
        }
    }

    protected boolean restartsPending() {
        return !restarts.isEmpty();
    }
}
