package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ConnectorConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.storage.StoredConnector;
import io.ferry.runtime.worker.Worker;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * The control plane of a standalone worker. Every change runs on one herder thread, in order; reads are answered
 * from the stores directly. Connector configs and target states are kept in the config store, so connectors created
 * through REST survive a restart.
 */
public class StandaloneHerder extends AbstractHerder implements WorkerConnector.Callbacks {

    private static final Logger log = LoggerFactory.getLogger(StandaloneHerder.class);
    public static final long REQUEST_TIMEOUT_MS = 90_000;

    private final ConnectorConfigStore configStore;
    private final StatusRecorder statuses;
    private final Map<String, List<Map<String, String>>> taskConfigs = new ConcurrentHashMap<>();
    private final ExecutorService herderThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "standalone-herder"));
    private volatile boolean ready;

    public StandaloneHerder(Worker worker, ConnectorConfigStore configStore, StatusStore statusStore, String kafkaClusterId) {
        super(worker, statusStore, kafkaClusterId);
        this.configStore = configStore;
        this.statuses = new StatusRecorder(statusStore, worker.workerId(), configStore::contains, this::taskExists);
    }

    // ---- life cycle ----

    @Override
    public void start() {
        start(List.of());
    }

    /**
     * Starts the worker and every stored connector, after applying the connector files given on the command line:
     * those are created or updated, and connectors that came from a file no longer given are removed.
     */
    public void start(List<ConnectorDefinition> fromFiles) {
        onHerderThread(() -> {
            worker.start();
            configStore.start();
            applyConnectorFiles(fromFiles);
            for (String name : configStore.connectors().keySet()) {
                startConnector(name);
            }
            return null;
        });
        ready = true;
        log.info("Standalone herder started with {} connector(s)", configStore.connectors().size());
    }

    private void applyConnectorFiles(List<ConnectorDefinition> fromFiles) {
        Set<String> given = fromFiles.stream().map(ConnectorDefinition::name).collect(Collectors.toSet());
        for (Map.Entry<String, StoredConnector> e : configStore.connectors().entrySet()) {
            if (e.getValue().fromFile() && !given.contains(e.getKey())) {
                log.info("Connector {} came from a connector file that is no longer given; removing it", e.getKey());
                configStore.remove(e.getKey());
            }
        }
        for (ConnectorDefinition def : fromFiles) {
            try {
                Map<String, String> config = withName(def.name(), def.config());
                rejectIfInvalid(config);
                StoredConnector existing = configStore.get(def.name());
                TargetState state = existing != null ? existing.targetState()
                        : def.initialState() != null ? def.initialState() : TargetState.STARTED;
                configStore.put(def.name(), new StoredConnector(config, state, true));
            } catch (RuntimeException e) {
                log.error("Connector {} from its connector file was not created: {}", def.name(), e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        ready = false;
        try {
            onHerderThread(() -> {
                worker.stop();
                configStore.stop();
                return null;
            });
        } finally {
            herderThread.shutdown();
        }
        log.info("Standalone herder stopped");
    }

    @Override
    public boolean ready() {
        return ready;
    }

    // ---- reads ----

    @Override
    protected Map<String, String> configOf(String connector) {
        return configStore.config(connector);
    }

    @Override
    protected List<Map<String, String>> taskConfigsOf(String connector) {
        return taskConfigs.getOrDefault(connector, List.of());
    }

    @Override
    public Collection<String> connectors() {
        return new ArrayList<>(configStore.connectors().keySet());
    }

    // ---- changes ----

    @Override
    public Created<ConnectorInfo> putConnectorConfig(String name, Map<String, String> submitted, TargetState initialState,
                                                     boolean allowReplace) {
        Map<String, String> config = withName(name, submitted);
        rejectIfInvalid(config);
        return onHerderThread(() -> {
            StoredConnector existing = configStore.get(name);
            if (existing != null && !allowReplace) {
                throw new AlreadyExistsException("Connector " + name + " already exists");
            }
            if (existing != null) {
                stopConnectorAndTasks(name);
            }
            TargetState state = existing != null ? existing.targetState()
                    : initialState != null ? initialState : TargetState.STARTED;
            configStore.put(name, new StoredConnector(config, state, existing != null && existing.fromFile()));
            log.info("{} connector {}", existing == null ? "Created" : "Reconfigured", name);
            startConnector(name);
            return new Created<>(existing == null, connectorInfo(name));
        });
    }

    @Override
    public void stopConnector(String name) {
        setTargetState(name, TargetState.STOPPED);
    }

    @Override
    protected Message modifyOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return onHerderThread(() -> worker.modifyConnectorOffsets(name, stoppedConfig(name), offsets));
    }

    private Map<String, String> stoppedConfig(String name) {
        StoredConnector stored = stored(name);
        if (stored.targetState() != TargetState.STOPPED || !worker.tasksOf(name).isEmpty()) {
            throw notStopped(name);
        }
        return stored.config();
    }

    @Override
    public void deleteConnector(String name) {
        onHerderThread(() -> {
            stored(name);
            stopConnectorAndTasks(name);
            configStore.remove(name);
            taskConfigs.remove(name);
            statusStore.removeConnector(name);
            worker.topicTracker().reset(name);
            log.info("Deleted connector {}", name);
            return null;
        });
    }

    @Override
    protected void setTargetState(String name, TargetState state) {
        onHerderThread(() -> {
            StoredConnector stored = configStore.get(name);
            if (stored == null) {
                throw new NotFoundException("Unknown connector " + name);
            }
            if (stored.targetState() == state) {
                return null;
            }
            TargetState previous = stored.targetState();
            configStore.put(name, stored.withTargetState(state));
            if (previous == TargetState.STOPPED) {
                // A stopped connector has no tasks and no running instance: start it afresh.
                stopConnectorAndTasks(name);
                startConnector(name);
                return null;
            }
            worker.setTargetState(name, state);
            if (state == TargetState.STARTED) {
                updateTasks(name);
            } else if (state == TargetState.STOPPED) {
                stopTasks(name);
                taskConfigs.put(name, List.of());
            }
            return null;
        });
    }

    @Override
    public void restartConnector(String name) {
        onHerderThread(() -> {
            stored(name);
            worker.stopAndAwaitConnector(name);
            startConnector(name);
            return null;
        });
    }

    @Override
    public ConnectorStateInfo restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed) {
        return onHerderThread(() -> {
            StoredConnector stored = stored(name);
            ConnectorStateInfo before = connectorStatus(name);
            ConnectorStateInfo plan = ConnectorRequests.restartPlan(before, includeTasks, onlyFailed);
            boolean connector = ConnectorRequests.restarts(before.connector().state(), true, onlyFailed);
            List<ConnectorTaskId> restartTasks = new ArrayList<>();
            for (ConnectorStateInfo.TaskState task : before.tasks()) {
                if (ConnectorRequests.restarts(task.state(), includeTasks, onlyFailed)) {
                    restartTasks.add(new ConnectorTaskId(name, task.id()));
                }
            }
            worker.stopAndAwaitTasks(restartTasks);
            if (connector) {
                worker.stopAndAwaitConnector(name);
                startConnector(name);
            }
            List<Map<String, String>> configs = taskConfigs.getOrDefault(name, List.of());
            for (ConnectorTaskId id : restartTasks) {
                if (id.task() < configs.size() && !worker.taskIds().contains(id)) {
                    worker.startTask(id, stored.config(), configs.get(id.task()), stored.targetState(),
                            statuses.taskListener());
                }
            }
            return plan;
        });
    }

    @Override
    public void restartTask(ConnectorTaskId id) {
        onHerderThread(() -> {
            StoredConnector stored = stored(id.connector());
            List<Map<String, String>> configs = taskConfigs.getOrDefault(id.connector(), List.of());
            if (id.task() < 0 || id.task() >= configs.size()) {
                throw new NotFoundException("Task " + id + " not found");
            }
            worker.stopAndAwaitTasks(List.of(id));
            worker.startTask(id, stored.config(), configs.get(id.task()), stored.targetState(), statuses.taskListener());
            return null;
        });
    }

    /** Called by a running connector; handled on the herder thread. */
    @Override
    public void requestTaskReconfiguration(String connector) {
        herderThread.execute(() -> {
            try {
                if (configStore.contains(connector) && worker.isRunning(connector)) {
                    updateTasks(connector);
                }
            } catch (RuntimeException e) {
                log.error("Reconfiguring the tasks of connector {} failed", connector, e);
            }
        });
    }

    // ---- on the herder thread ----

    private void startConnector(String name) {
        StoredConnector stored = configStore.get(name);
        try {
            worker.startConnector(name, stored.config(), stored.targetState(), statuses.connectorListener(), this)
                    .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            log.error("Connector {} did not start", name, e);
        }
        if (stored.targetState() == TargetState.STOPPED) {
            taskConfigs.put(name, List.of());
        } else if (worker.isRunning(name)) {
            updateTasks(name);
        } else if (stored.targetState() == TargetState.PAUSED) {
            startTasks(name);
        }
    }

    /** Asks the connector for task configs and restarts its tasks if they changed. */
    private void updateTasks(String name) {
        StoredConnector stored = configStore.get(name);
        List<Map<String, String>> generated;
        try {
            generated = worker.connectorTaskConfigs(name, stored.config());
        } catch (ConnectException e) {
            if (worker.isRunning(name)) {
                log.error("Connector {} failed to generate task configs", name, e);
                statuses.connector(name, ComponentState.FAILED, StatusRecorder.trace(e));
            } else {
                // The connector stopped or failed meanwhile; its own status already says why.
                log.debug("Connector {} is not running; no task configs taken", name);
            }
            return;
        }
        List<Map<String, String>> current = taskConfigs.get(name);
        boolean tasksRunning = !worker.tasksOf(name).isEmpty();
        if (Objects.equals(current, generated) && tasksRunning) {
            return;
        }
        stopTasks(name);
        taskConfigs.put(name, generated);
        startTasks(name);
    }

    private void startTasks(String name) {
        StoredConnector stored = configStore.get(name);
        List<Map<String, String>> configs = taskConfigs.getOrDefault(name, List.of());
        for (int i = 0; i < configs.size(); i++) {
            worker.startTask(new ConnectorTaskId(name, i), stored.config(), configs.get(i), stored.targetState(),
                    statuses.taskListener());
        }
    }

    private void stopTasks(String name) {
        worker.stopAndAwaitTasks(worker.tasksOf(name));
        for (Integer task : new ArrayList<>(statusStore.tasksOf(name).keySet())) {
            statusStore.removeTask(new ConnectorTaskId(name, task));
        }
    }

    private void stopConnectorAndTasks(String name) {
        stopTasks(name);
        worker.stopAndAwaitConnector(name);
    }

    // ---- helpers ----

    private StoredConnector stored(String name) {
        StoredConnector stored = configStore.get(name);
        if (stored == null) {
            throw new NotFoundException("Connector " + name + " not found");
        }
        return stored;
    }

    private static Map<String, String> withName(String name, Map<String, String> submitted) {
        return ConnectorRequests.withName(name, submitted);
    }

    private void rejectIfInvalid(Map<String, String> config) {
        ConnectorRequests.rejectIfInvalid(validator, config);
    }

    private <V> V onHerderThread(Callable<V> work) {
        return await(herderThread.submit(work), REQUEST_TIMEOUT_MS);
    }

    @Override
    public boolean healthy(long timeoutMs) {
        try {
            herderThread.submit(() -> null).get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
