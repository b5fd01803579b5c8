package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.FileConnectorConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.storage.StoredConnector;
import io.ferry.runtime.worker.DataPlane;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The control plane of a standalone worker: a cluster of one, leader of itself, to which everything is assigned. Its
 * config log is a file ({@link FileConnectorConfigStore}), so connectors created through REST survive a restart, and
 * it applies each change on its herder thread before the request is answered. What is its own: the connector files
 * given on the command line.
 */
public class StandaloneHerder extends AbstractHerder {

    private static final Logger log = LoggerFactory.getLogger(StandaloneHerder.class);
    private static final long IDLE_POLL_MS = 1_000;

    private final FileConnectorConfigStore fileStore;
    private final HerderRequests requests = new HerderRequests(() -> { });
    private final Thread thread = new Thread(this::run, "standalone-herder");
    private volatile boolean ready;
    private volatile boolean stopping;

    public StandaloneHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins,
                            FileConnectorConfigStore configStore, StatusStore statusStore, String kafkaClusterId, Time time) {
        this(worker, validator, plugins, configStore, statusStore, kafkaClusterId, AutoRestartPolicy.DEFAULT, time);
    }

    /** @param autoRestart the worker's {@code auto.restart.*} settings */
    public StandaloneHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins,
                            FileConnectorConfigStore configStore, StatusStore statusStore, String kafkaClusterId,
                            AutoRestartPolicy autoRestart, Time time) {
        super(worker, validator, plugins, configStore, statusStore, kafkaClusterId, autoRestart, time);
        this.fileStore = configStore;
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
        log.info("Standalone herder started with {} connector(s)", configStore.snapshot().connectors().size());
    }

    private void applyConnectorFiles(List<ConnectorDefinition> fromFiles) {
        Set<String> given = fromFiles.stream().map(ConnectorDefinition::name).collect(Collectors.toSet());
        for (Map.Entry<String, StoredConnector> e : fileStore.connectors().entrySet()) {
            if (e.getValue().fromFile() && !given.contains(e.getKey())) {
                log.info("Connector {} came from a connector file that is no longer given; removing it", e.getKey());
                configStore.removeConnectorConfig(e.getKey());
            }
        }
        for (ConnectorDefinition def : fromFiles) {
            try {
                Map<String, String> config = ConnectorRequests.withName(def.name(), def.config());
                StoredConnector existing = fileStore.connectors().get(def.name());
                if (existing == null) {
                    ConnectorNames.requireAddressable(def.name());
                }
                ConnectorRequests.rejectIfInvalid(validator, config);
                TargetState state = existing != null ? existing.targetState()
                        : def.initialState() != null ? def.initialState() : TargetState.STARTED;
                fileStore.put(def.name(), new StoredConnector(config, state, true));
            } catch (RuntimeException e) {
                log.error("Connector {} from its connector file was not created: {}", def.name(), e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        ready = false;
        stopping = true;
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

    /** Runs requests as they come, and the automatic restarts when they are due (at most a poll interval late). */
    private void run() {
        while (!requests.closed()) {
            try {
                requests.runNext(Math.max(1, Math.min(IDLE_POLL_MS, reconciler.autoRestartDueInMs())));
                if (!stopping && reconciler.autoRestartDueInMs() == 0) {
                    reconciler.restartDue(Reconciler.Assignment.everything(reconciler.applied()));
                    // A restarted connector may have handed on new task configs.
                    followStore();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Restarting failed work automatically failed", e);
            }
        }
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    protected Thread herderThread() {
        return stopping ? null : thread;
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

    // ---- a cluster of one ----

    @Override
    protected <V> V onHerderThread(Callable<V> work) {
        return requests.call(work, REQUEST_TIMEOUT_MS);
    }

    /** This worker is its own leader, and nobody else ever rebalances it. */
    @Override
    protected void checkCanChange() {
    }

    @Override
    protected void afterChange() {
        followStore();
    }

    @Override
    protected void publishTaskConfigs(String connector, List<Map<String, String>> configs) {
        writeTaskConfigs(connector, configs);
    }

    @Override
    protected int generation() {
        return 0;
    }

    /**
     * A connector asked for new task configs from its own thread: handled on the herder thread. What the herder
     * thread itself asks for (a restart request it wrote) is applied by {@link #afterChange()} already.
     */
    @Override
    protected void wakeup() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            requests.submit(this::followStoreQuietly);
        } catch (ConnectException e) {
            log.debug("Not applying the connector configurations: the worker is stopping");
        }
    }

    @Override
    public void restartTask(ConnectorTaskId id) {
        onHerderThread(() -> {
            existing(id.connector(), unknownConnectorToRestart(id.connector()));
            if (configStore.snapshot().taskConfig(id) == null) {
                throw new NotFoundException("Task " + id + " not found");
            }
            reconciler.restartTask(id);
            return null;
        });
    }

    // ---- on the herder thread ----

    /**
     * Applies the store's contents until the work follows them: task configs that connectors hand on while they start
     * land in the store and are applied in the next round, as a cluster's workers read them from the config topic.
     */
    private void followStore() {
        applyRestarts(Reconciler.Assignment.everything(reconciler.applied()));
        reconciler.reconfigurePending();
        ClusterConfig next = configStore.snapshot();
        while (next.offset() != reconciler.applied().offset()) {
            reconciler.apply(next, Reconciler.Assignment.everything(next));
            reconciler.reconfigurePending();
            next = configStore.snapshot();
        }
    }

    /** Applies what a connector or a restart request asked for, unless the worker is stopping. */
    private void followStoreQuietly() {
        if (stopping) {
            return;
        }
        try {
            followStore();
        } catch (RuntimeException e) {
            log.error("Applying the connector configurations failed", e);
        }
    }
}
