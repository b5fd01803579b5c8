package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.ConnectorConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.storage.StoredConnector;
import io.ferry.runtime.worker.DataPlane;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The control plane of a standalone worker: a cluster of one, leader of itself, to which everything is assigned.
 * Requests change the config store on the herder thread, then the {@link Reconciler} brings the work in line with it;
 * task configs the connectors generate land in the store too. Reads are answered from the stores directly. Connector
 * configs and target states are kept in a file, so connectors created through REST survive a restart.
 */
public class StandaloneHerder extends AbstractHerder implements WorkerConnector.Callbacks {

    private static final Logger log = LoggerFactory.getLogger(StandaloneHerder.class);
    private static final long IDLE_POLL_MS = 1_000;

    private final ConnectorConfigStore configStore;
    private final StatusRecorder statuses;
    private final Reconciler reconciler;
    private final HerderRequests requests = new HerderRequests(() -> { });
    private final Thread thread = new Thread(this::run, "standalone-herder");
    private volatile boolean ready;

    public StandaloneHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins,
                            ConnectorConfigStore configStore, StatusStore statusStore, String kafkaClusterId, Time time) {
        super(worker, validator, plugins, statusStore, kafkaClusterId);
        this.configStore = configStore;
        this.statuses = new StatusRecorder(statusStore, worker.workerId(), configStore::contains, this::taskExists);
        this.reconciler = new Reconciler(worker, statuses, this, this::writeTaskConfigs, time);
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
        thread.start();
        onHerderThread(() -> {
            worker.start();
            configStore.start();
            applyConnectorFiles(fromFiles);
            ClusterConfig config = configStore.snapshot();
            reconciler.assign(List.of(), List.of(), config, Reconciler.Assignment.everything(config));
            followStore();
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
                Map<String, String> config = ConnectorRequests.withName(def.name(), def.config());
                ConnectorRequests.rejectIfInvalid(validator, config);
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
            requests.close();
            thread.interrupt();
            try {
                thread.join(REQUEST_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Standalone herder stopped");
    }

    private void run() {
        while (!requests.closed()) {
            try {
                requests.runNext(IDLE_POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public boolean healthy(long timeoutMs) {
        try {
            requests.call(() -> null, timeoutMs);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- reads ----

    @Override
    protected Map<String, String> configOf(String connector) {
        return configStore.config(connector);
    }

    @Override
    protected List<Map<String, String>> taskConfigsOf(String connector) {
        return configStore.snapshot().tasks(connector);
    }

    @Override
    public Collection<String> connectors() {
        return new ArrayList<>(configStore.connectors().keySet());
    }

    // ---- changes ----

    @Override
    public Created<ConnectorInfo> putConnectorConfig(String name, Map<String, String> submitted, TargetState initialState,
                                                     boolean allowReplace) {
        Map<String, String> config = ConnectorRequests.withName(name, submitted);
        ConnectorRequests.rejectIfInvalid(validator, config);
        return onHerderThread(() -> {
            StoredConnector existing = configStore.get(name);
            if (existing != null && !allowReplace) {
                throw new AlreadyExistsException("Connector " + name + " already exists");
            }
            TargetState state = existing != null ? existing.targetState()
                    : initialState != null ? initialState : TargetState.STARTED;
            configStore.put(name, new StoredConnector(config, state, existing != null && existing.fromFile()));
            log.info("{} connector {}", existing == null ? "Created" : "Reconfigured", name);
            followStore();
            return new Created<>(existing == null, connectorInfo(name));
        });
    }

    /** A stopped connector keeps its config but has no tasks (KIP-875), as the leader of a cluster writes it. */
    @Override
    public void stopConnector(String name) {
        onHerderThread(() -> {
            StoredConnector stored = stored(name);
            writeTaskConfigs(name, List.of());
            configStore.put(name, stored.withTargetState(TargetState.STOPPED));
            followStore();
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
            if (stored.targetState() != state) {
                configStore.put(name, stored.withTargetState(state));
                followStore();
            }
            return null;
        });
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
            configStore.remove(name);
            followStore();
            statusStore.removeConnector(name);
            worker.topicTracker().reset(name);
            log.info("Deleted connector {}", name);
            return null;
        });
    }

    @Override
    public void restartConnector(String name) {
        restartConnectorAndTasks(name, false, false);
    }

    @Override
    public ConnectorStateInfo restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed) {
        return onHerderThread(() -> {
            stored(name);
            ConnectorStateInfo plan = ConnectorRequests.restartPlan(connectorStatus(name), includeTasks, onlyFailed);
            markRestarting(plan, 0);
            reconciler.restart(name, includeTasks, onlyFailed, Reconciler.Assignment.everything(reconciler.applied()));
            followStore();
            return plan;
        });
    }

    @Override
    public void restartTask(ConnectorTaskId id) {
        onHerderThread(() -> {
            stored(id.connector());
            if (reconciler.applied().taskConfig(id) == null) {
                throw new NotFoundException("Task " + id + " not found");
            }
            reconciler.restartTask(id);
            return null;
        });
    }

    /** Called by a running connector; carried out on the herder thread. */
    @Override
    public void requestTaskReconfiguration(String connector) {
        reconciler.requestReconfiguration(connector);
        try {
            requests.submit(() -> {
                try {
                    followStore();
                } catch (RuntimeException e) {
                    log.error("Reconfiguring the tasks of connector {} failed", connector, e);
                }
            });
        } catch (ConnectException e) {
            log.debug("Not reconfiguring connector {}: the worker is stopping", connector);
        }
    }

    // ---- on the herder thread ----

    /**
     * Applies the store's contents until the work follows them: task configs that connectors hand on while they start
     * land in the store and are applied in the next round, as a cluster's workers read them from the config topic.
     */
    private void followStore() {
        reconciler.reconfigurePending();
        ClusterConfig next = configStore.snapshot();
        while (next.offset() != reconciler.applied().offset()) {
            reconciler.apply(next, Reconciler.Assignment.everything(next));
            reconciler.reconfigurePending();
            next = configStore.snapshot();
        }
    }

    /** This worker is its own leader: it writes the task configs its connectors generate. */
    private void writeTaskConfigs(String connector, List<Map<String, String>> configs) {
        configStore.putTaskConfigs(connector, configs);
        statuses.forgetTasksFrom(connector, configs.size());
    }

    private StoredConnector stored(String name) {
        StoredConnector stored = configStore.get(name);
        if (stored == null) {
            throw new NotFoundException("Connector " + name + " not found");
        }
        return stored;
    }

    private <V> V onHerderThread(Callable<V> work) {
        return requests.call(work, REQUEST_TIMEOUT_MS);
    }
}
