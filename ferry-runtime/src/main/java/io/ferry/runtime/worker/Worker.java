package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.ConnectorMetrics;
import io.ferry.runtime.metrics.WorkerMetrics;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.ConnectorType;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedConnector;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.OffsetBackingStore;
import io.ferry.runtime.storage.OffsetCodec;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.TimeoutException;

/**
 * The data plane of one worker process: runs the connectors and tasks the control plane assigns to it, each isolated
 * in its plugin's class loader and its own thread. Configs arrive raw; {@code ${...}} references are resolved here,
 * at start, and never stored.
 */
public class Worker implements DataPlane {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final long CONNECTOR_CALL_TIMEOUT_MS = 60_000;
    /** As Apache Kafka Connect waits for a round of zombie fencing. */
    private static final int FENCING_TIMEOUT_MS = 90_000;

    private final String workerId;
    /** Every clock reading of the worker and its tasks comes from here, so tests can drive time. */
    private final Time time;
    private final WorkerConfig config;
    private final Plugins plugins;
    private final SourceOffsetStores offsetStores;
    private final ConfigProviders configProviders;
    /** What config providers resolved for each connector and its tasks here, to be kept out of their traces. */
    private final Map<String, ResolvedSecrets> resolvedSecrets = new ConcurrentHashMap<>();
    private final Converters converters;
    private final ClientConfigs clientConfigs;
    private final OverridePolicyCheck overridePolicy;
    private final TopicTracker topicTracker;
    private final OffsetCodec offsetCodec = new OffsetCodec();
    private final ConnectorOffsetsAdmin offsetsAdmin;
    private final ConnectMetrics metrics;
    private final WorkerMetrics workerMetrics;
    private final TaskBuilder taskBuilder;
    private final Map<String, ConnectorMetrics> connectorMetrics = new ConcurrentHashMap<>();
    private final Map<String, WorkerConnector> connectors = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, WorkerTask> tasks = new ConcurrentHashMap<>();
    private final Map<ConnectorTaskId, ScheduledFuture<?>> offsetCommits = new ConcurrentHashMap<>();
    private final ExecutorService taskThreads = Executors.newCachedThreadPool();
    private final ScheduledExecutorService offsetCommitter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "source-offset-committer");
        t.setDaemon(true);
        return t;
    });

    public Worker(String workerId, WorkerConfig config, Plugins plugins, OffsetBackingStore offsetStore,
                  ConfigProviders configProviders) {
        this(workerId, config, plugins, offsetStore, configProviders, Time.SYSTEM);
    }

    public Worker(String workerId, WorkerConfig config, Plugins plugins, OffsetBackingStore offsetStore,
                  ConfigProviders configProviders, Time time) {
        this.workerId = workerId;
        this.time = time;
        this.config = config;
        this.plugins = plugins;
        this.offsetStores = new SourceOffsetStores(offsetStore);
        this.configProviders = configProviders;
        this.converters = new Converters(plugins, config);
        this.clientConfigs = new ClientConfigs(config);
        this.overridePolicy = new OverridePolicyCheck(config, plugins);
        this.topicTracker = new TopicTracker(config.getBoolean(WorkerConfig.TOPIC_TRACKING_ENABLE_CONFIG));
        this.offsetsAdmin = new ConnectorOffsetsAdmin(plugins, offsetStores::forConnector, offsetCodec, clientConfigs,
                config instanceof DistributedConfig cluster && cluster.exactlyOnceSourceEnabled()
                        ? cluster::transactionalId : null);
        this.metrics = new ConnectMetrics(workerId, config, time);
        this.workerMetrics = new WorkerMetrics(metrics, connectors::size, tasks::size);
        this.taskBuilder = new TaskBuilder(config, plugins, offsetStores, offsetCodec, converters, clientConfigs,
                topicTracker, metrics, workerMetrics, time);
    }

    /**
     * Lets source connectors keep their offsets in a topic of their own ({@code offsets.storage.topic}), as in an
     * Apache Kafka Connect cluster; {@code openTopic} creates (if needed) and starts the store of such a topic.
     */
    public void useConnectorOffsetTopics(String workerTopic, Function<String, OffsetBackingStore> openTopic) {
        offsetStores.useConnectorTopics(workerTopic, openTopic);
    }

    @Override
    public void useTaskFencing(TaskFencing fencing) {
        taskBuilder.useTaskFencing(fencing);
    }

    @Override
    public void start() {
        offsetStores.start();
        log.info("Worker {} started", workerId);
    }

    /** Stops every connector and task, then the offset store. */
    @Override
    public void stop() {
        stopAndAwaitTasks(new ArrayList<>(tasks.keySet()));
        for (String connector : new ArrayList<>(connectors.keySet())) {
            stopAndAwaitConnector(connector);
        }
        offsetCommitter.shutdownNow();
        taskThreads.shutdown();
        offsetStores.stop();
        Utils.closeQuietly(configProviders, "config providers");
        workerMetrics.close();
        metrics.close();
        log.info("Worker {} stopped", workerId);
    }

    @Override
    public String workerId() {
        return workerId;
    }

    @Override
    public ConnectMetrics metrics() {
        return metrics;
    }

    public OverridePolicyCheck overridePolicy() {
        return overridePolicy;
    }

    @Override
    public TopicTracker topicTracker() {
        return topicTracker;
    }

    // ---- connectors ----

    /** The connector's plugin, or empty when no installed plugin matches its {@code connector.class}. */
    public java.util.Optional<PluginDesc<?>> connectorPlugin(Map<String, String> connectorConfig) {
        String className = connectorConfig.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
        if (className == null || className.isBlank()) {
            return java.util.Optional.empty();
        }
        return plugins.find(className.trim(), connectorConfig.get(ConnectorConfig.CONNECTOR_VERSION_CONFIG),
                PluginType.SOURCE, PluginType.SINK);
    }

    @Override
    public ConnectorType connectorType(Map<String, String> connectorConfig) {
        return connectorPlugin(connectorConfig)
                .map(desc -> desc.type() == PluginType.SINK ? ConnectorType.SINK : ConnectorType.SOURCE)
                .orElse(ConnectorType.UNKNOWN);
    }

    /**
     * Instantiates a connector and starts it towards the target state. Any failure is reported to the listener as
     * the connector's FAILED state; the returned future completes once the connector reached its state.
     */
    @Override
    public CompletableFuture<Void> startConnector(String name, Map<String, String> rawConfig, TargetState target,
                                                  StatusListener<String> listener, WorkerConnector.Callbacks callbacks) {
        if (connectors.containsKey(name)) {
            throw new ConnectException("Connector " + name + " is already running on this worker");
        }
        try (var ignored = LoggingContext.forConnector(name)) {
            Map<String, String> resolved = configProviders.resolve(rawConfig);
            resolvedSecrets.put(name, ResolvedSecrets.of(rawConfig, resolved));
            PluginDesc<?> desc = requirePlugin(resolved);
            IsolatedConnector connector = plugins.newConnector(desc);
            ConnectorMetrics connectorMetrics = new ConnectorMetrics(metrics, name, desc.className(),
                    connector.isSink() ? "sink" : "source", desc.version());
            this.connectorMetrics.put(name, connectorMetrics);
            StatusListener<String> recording = new RecordingStatusListener<>(listener, connectorMetrics::recordState,
                    workerMetrics::recordConnectorStartup);
            OffsetStorageReader reader = connector.isSink()
                    ? null : new OffsetStorageReaderImpl(name, offsetStores.forConnector(resolved), offsetCodec);
            WorkerConnector workerConnector = new WorkerConnector(name, connector, resolved, recording,
                    callbacks, reader, metrics.pluginMetrics("connector", name));
            connectors.put(name, workerConnector);
            log.info("Starting connector {} ({}) in state {}", name, desc.className(), target);
            return workerConnector.start(target);
        } catch (Throwable t) {
            log.error("Failed to start connector {}", name, t);
            Utils.closeQuietly(connectorMetrics.remove(name), "connector metrics");
            workerMetrics.recordConnectorStartup(false);
            listener.onFailure(name, t);
            return CompletableFuture.completedFuture(null);
        }
    }

    @Override
    public String redactSecrets(String connector, String text) {
        ResolvedSecrets secrets = resolvedSecrets.get(connector);
        return secrets == null ? text : secrets.redact(text);
    }

    @Override
    public boolean isRunning(String connector) {
        WorkerConnector c = connectors.get(connector);
        return c != null && c.isRunning();
    }

    /** The connectors that have an instance on this worker. */
    @Override
    public Set<String> connectorNames() {
        return Set.copyOf(connectors.keySet());
    }

    @Override
    public boolean ownsConnector(String connector) {
        return connectors.containsKey(connector);
    }

    @Override
    public String connectorVersion(String connector) {
        WorkerConnector c = connectors.get(connector);
        return c == null ? null : c.version();
    }

    @Override
    public String taskVersion(ConnectorTaskId id) {
        WorkerTask task = tasks.get(id);
        return task == null ? null : task.version();
    }

    /** The running connector's task configs, as {@link GeneratedTaskConfigs} completes them for the config log. */
    @Override
    public List<Map<String, String>> connectorTaskConfigs(String name, Map<String, String> rawConfig) {
        WorkerConnector workerConnector = connectors.get(name);
        if (workerConnector == null || !workerConnector.isRunning()) {
            throw new ConnectException("Connector " + name + " is not running on this worker");
        }
        Map<String, String> resolved = configProviders.resolve(rawConfig);
        ConnectorConfig connectorConfig = plugins.withPluginNames(() -> new ConnectorConfig(resolved));
        int maxTasks = connectorConfig.tasksMax();
        List<Map<String, String>> generated = await(workerConnector.taskConfigs(maxTasks),
                "taking task configs from connector " + name);
        return GeneratedTaskConfigs.complete(name, workerConnector, connectorConfig, generated, rawConfig, resolved);
    }

    /** See {@link GeneratedTaskConfigs#reverseResolve}. */
    static Map<String, String> reverseResolve(Map<String, String> raw, Map<String, String> resolved,
                                              Map<String, String> taskConfig) {
        return GeneratedTaskConfigs.reverseResolve(raw, resolved, taskConfig);
    }

    /** The committed offsets of a connector: source offsets from the offset store, sink offsets of its consumer group. */
    @Override
    public ConnectorOffsets connectorOffsets(String name, Map<String, String> rawConfig) {
        Map<String, String> resolved = configProviders.resolve(rawConfig);
        return offsetsAdmin.offsets(name, requirePlugin(resolved), resolved);
    }

    /** Alters a stopped connector's offsets, or resets them all when {@code offsets} is null. */
    @Override
    public Message modifyConnectorOffsets(String name, Map<String, String> rawConfig,
                                          Map<Map<String, ?>, Map<String, ?>> offsets) {
        Map<String, String> resolved = configProviders.resolve(rawConfig);
        return offsetsAdmin.modify(name, requirePlugin(resolved), resolved, offsets);
    }

    /**
     * Fences the transactional producers of the connector's tasks 0 to {@code taskCount - 1} (KIP-618), with the
     * connector's admin client settings, so none of them can commit any more.
     */
    @Override
    public void fenceProducers(String connector, Map<String, String> rawConfig, int taskCount) {
        Map<String, String> resolved = configProviders.resolve(rawConfig);
        DistributedConfig cluster = (DistributedConfig) config;
        List<String> ids = new ArrayList<>();
        for (int task = 0; task < taskCount; task++) {
            ids.add(cluster.transactionalId(connector, task));
        }
        log.info("Fencing the transactional producers of connector {}: {}", connector, ids);
        try (Admin admin = Admin.create(clientConfigs.admin("connector-worker-adminclient-" + connector, resolved))) {
            admin.fenceProducers(ids, new FenceProducersOptions().timeoutMs(FENCING_TIMEOUT_MS)).all()
                    .get(FENCING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("Failed to fence the producers of connector " + connector + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out after " + FENCING_TIMEOUT_MS + " ms fencing the producers of connector "
                    + connector);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while fencing the producers of connector " + connector);
        }
    }

    private PluginDesc<?> requirePlugin(Map<String, String> config) {
        return connectorPlugin(config).orElseThrow(() -> new MissingPluginException(
                "Failed to find any class that implements Connector and which name matches "
                        + config.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG)));
    }

    @Override
    public void setTargetState(String connector, TargetState state) {
        WorkerConnector c = connectors.get(connector);
        if (c != null) {
            await(c.transitionTo(state), "moving connector " + connector + " to " + state);
        }
        if (state != TargetState.STOPPED) {
            tasks.forEach((id, task) -> {
                if (id.connector().equals(connector)) {
                    task.transitionTo(state);
                }
            });
        }
    }

    @Override
    public void stopAndAwaitConnector(String name) {
        WorkerConnector c = connectors.remove(name);
        if (c != null) {
            log.info("Stopping connector {}", name);
            try {
                await(c.shutdown(), "stopping connector " + name);
            } catch (ConnectException e) {
                log.error("Connector {} did not stop cleanly", name, e);
            }
        }
        Utils.closeQuietly(connectorMetrics.remove(name), "connector metrics");
        forgetSecretsOfStopped(name);
    }

    /**
     * Drops what config providers resolved for a connector once neither it nor any of its tasks runs here, so that
     * secrets of deleted connectors (and old values of rotated ones) are not kept; a start records them again.
     */
    private void forgetSecretsOfStopped(String connector) {
        if (!connectors.containsKey(connector) && tasks.keySet().stream().noneMatch(id -> id.connector().equals(connector))) {
            resolvedSecrets.remove(connector);
        }
    }

    private <V> V await(CompletableFuture<V> future, String what) {
        try {
            return future.get(CONNECTOR_CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConnectException ce) {
                throw ce;
            }
            throw new ConnectException("Failed " + what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out after " + CONNECTOR_CALL_TIMEOUT_MS + " ms " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while " + what);
        }
    }

    // ---- tasks ----

    @Override
    public Set<ConnectorTaskId> taskIds() {
        return Set.copyOf(tasks.keySet());
    }

    /**
     * Builds and starts one task. A failure while building it (unknown converter, bad client setting, the plugin's
     * constructor) is reported as the task's FAILED state; returns whether the task thread was started.
     */
    @Override
    public boolean startTask(ConnectorTaskId id, Map<String, String> rawConnectorConfig, Map<String, String> rawTaskConfig,
                             TargetState target, StatusListener<ConnectorTaskId> listener) {
        if (tasks.containsKey(id)) {
            throw new ConnectException("Task " + id + " is already running on this worker");
        }
        try (var ignored = LoggingContext.forTask(id)) {
            log.info("Starting task {}", id);
            WorkerTask workerTask = buildTask(id, rawConnectorConfig, rawTaskConfig, target, listener);
            // Registered before its thread starts: the status it reports first carries the version found here.
            tasks.put(id, workerTask);
            try {
                taskThreads.execute(workerTask);
            } catch (RejectedExecutionException e) {
                tasks.remove(id);
                workerTask.removeMetrics(); // the worker is stopping
                throw e;
            }
            workerMetrics.taskAdded(workerTask.metrics());
            if (workerTask instanceof WorkerSourceTask sourceTask && sourceTask.commitsOffsetsPeriodically()) {
                long interval = config.getLong(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG);
                offsetCommits.put(id, offsetCommitter.scheduleWithFixedDelay(sourceTask::commitOffsets,
                        interval, interval, TimeUnit.MILLISECONDS));
            }
            return true;
        } catch (Throwable t) {
            log.error("Failed to start task {}", id, t);
            workerMetrics.recordTaskStartup(false);
            listener.onFailure(id, t);
            return false;
        }
    }

    private WorkerTask buildTask(ConnectorTaskId id, Map<String, String> rawConnectorConfig,
                                 Map<String, String> rawTaskConfig, TargetState target,
                                 StatusListener<ConnectorTaskId> listener) {
        Map<String, String> connectorConfig = configProviders.resolve(rawConnectorConfig);
        Map<String, String> taskConfig = configProviders.resolve(rawTaskConfig);
        resolvedSecrets.merge(id.connector(), ResolvedSecrets.of(rawConnectorConfig, connectorConfig)
                .and(ResolvedSecrets.of(rawTaskConfig, taskConfig)), ResolvedSecrets::and);
        PluginDesc<?> desc = requirePlugin(connectorConfig);
        overridePolicy.ensureAllowed(id.connector(), desc, connectorConfig);
        return taskBuilder.build(id, desc, connectorConfig, taskConfig, target, listener);
    }

    /** Stops the tasks and waits for them, together, at most {@code task.shutdown.graceful.timeout.ms}. */
    @Override
    public void stopAndAwaitTasks(Collection<ConnectorTaskId> ids) {
        List<WorkerTask> stopping = new ArrayList<>();
        for (ConnectorTaskId id : ids) {
            ScheduledFuture<?> commit = offsetCommits.remove(id);
            if (commit != null) {
                commit.cancel(false);
            }
            WorkerTask task = tasks.get(id);
            if (task != null) {
                log.info("Stopping task {}", id);
                task.stop();
                stopping.add(task);
            }
        }
        long deadline = time.milliseconds() + config.getLong(WorkerConfig.TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG);
        for (WorkerTask task : stopping) {
            if (!task.awaitStop(Math.max(0, deadline - time.milliseconds()))) {
                log.error("Graceful stop of task {} failed: it did not stop within task.shutdown.graceful.timeout.ms; "
                        + "it is abandoned", task.id());
                task.cancel();
            }
            tasks.remove(task.id());
            task.removeMetrics();
            workerMetrics.taskRemoved(task.metrics());
        }
        stopping.stream().map(task -> task.id().connector()).distinct().forEach(this::forgetSecretsOfStopped);
    }

    @Override
    public List<ConnectorTaskId> tasksOf(String connector) {
        List<ConnectorTaskId> result = new ArrayList<>();
        for (ConnectorTaskId id : tasks.keySet()) {
            if (id.connector().equals(connector)) {
                result.add(id);
            }
        }
        result.sort(null);
        return result;
    }
}
