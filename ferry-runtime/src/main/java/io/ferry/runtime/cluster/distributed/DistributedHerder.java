package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.AbstractHerder;
import io.ferry.runtime.cluster.ConnectorRequests;
import io.ferry.runtime.cluster.Created;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.cluster.RebalanceInProgressException;
import io.ferry.runtime.cluster.StatusRecorder;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.kafka.ClusterConfig;
import io.ferry.runtime.storage.kafka.KafkaConfigStore;
import io.ferry.runtime.storage.kafka.KafkaStatusStore;
import io.ferry.runtime.storage.kafka.SessionKey;
import io.ferry.runtime.worker.Worker;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The control plane of a distributed worker. One herder thread drives group membership, applies what the config
 * topic says to the work assigned here, and runs REST requests in order. Reads are answered from this worker's view
 * of the internal topics; changes are made by the leader (others forward them), which writes the config topic that
 * every worker follows.
 */
public class DistributedHerder extends AbstractHerder implements WorkerConnector.Callbacks, WorkerCoordinator.Listener,
        KafkaConfigStore.Listener {

    private static final Logger log = LoggerFactory.getLogger(DistributedHerder.class);
    public static final long REQUEST_TIMEOUT_MS = 90_000;
    private static final long IDLE_POLL_MS = 1_000;
    private static final long RECONFIGURE_RETRY_MS = 1_000;

    private record RestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
    }

    private final DistributedConfig config;
    private final KafkaConfigStore configStore;
    private final KafkaStatusStore sharedStatuses;
    private final String url;
    private final StatusRecorder statuses;
    private final LeaderClient leaderClient;
    private final ConcurrentLinkedQueue<FutureTask<?>> requests = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<RestartRequest> restarts = new ConcurrentLinkedQueue<>();
    private final Set<String> reconfigureRequests = ConcurrentHashMap.newKeySet();
    private final Duration syncTimeout;
    private final String signatureAlgorithm;
    private final List<String> verificationAlgorithms;
    private WorkerGroupMember member;
    private Thread thread;

    private final Object firstRebalance = new Object();
    private volatile boolean stopping;
    private volatile boolean ready;
    private volatile boolean configChanged;
    private volatile boolean resolved;
    private volatile boolean leader;
    private volatile String leaderUrl;
    private volatile int generation;
    private ClusterConfig snapshot = ClusterConfig.EMPTY;
    private CooperativeAssignor.Configured lastConfigured;
    private PendingAssignment pending;
    private long rejoinAt = -1;
    private long reconfigureRetryAt = -1;

    private record PendingAssignment(WorkerAssignment received, WorkerAssignment current, int generation) {
    }

    /** @param clusterClient what this worker calls other workers' REST APIs with (the leader's, for task configs) */
    public DistributedHerder(Worker worker, DistributedConfig config, KafkaConfigStore configStore,
                             KafkaStatusStore statusStore, String kafkaClusterId, String url, HttpClient clusterClient) {
        super(worker, statusStore, kafkaClusterId);
        this.config = config;
        this.leaderClient = new LeaderClient(clusterClient);
        this.configStore = configStore;
        this.sharedStatuses = statusStore;
        this.url = url;
        this.syncTimeout = Duration.ofMillis(config.getInt(DistributedConfig.WORKER_SYNC_TIMEOUT_MS_CONFIG));
        this.signatureAlgorithm = config.getString(DistributedConfig.INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG);
        this.verificationAlgorithms = config.getList(DistributedConfig.INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG);
        this.statuses = new StatusRecorder(statusStore, worker.workerId(),
                c -> configStore.snapshot().contains(c), id -> configStore.snapshot().taskConfig(id) != null,
                () -> generation);
        configStore.setListener(this);
    }

    // ---- life cycle ----

    @Override
    public void start() {
        worker.start();
        sharedStatuses.start();
        configStore.start();
        worker.topicTracker().setListener(sharedStatuses);
        member = new WorkerGroupMember(config, url, this);
        thread = new Thread(this::run, "distributed-herder-" + worker.workerId());
        thread.start();
        log.info("Distributed herder started; joining group {}", config.groupId());
        awaitFirstRebalance();
        ready = true;
    }

    /**
     * Waits (at most the rebalance timeout) until this worker has joined the group and received its first
     * assignment, so that the REST API, which answers "starting" until then, takes changes from the start.
     */
    private void awaitFirstRebalance() {
        long deadline = System.currentTimeMillis() + config.getInt(org.apache.kafka.clients.CommonClientConfigs.REBALANCE_TIMEOUT_MS_CONFIG);
        synchronized (firstRebalance) {
            while (!resolved && System.currentTimeMillis() < deadline) {
                try {
                    firstRebalance.wait(Math.max(1, deadline - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!resolved) {
            log.warn("This worker has not completed its first rebalance yet; changes are answered 409 until it has");
        }
    }

    private void run() {
        try {
            while (!stopping) {
                try {
                    tick();
                } catch (RuntimeException e) {
                    if (!stopping) {
                        log.error("Unexpected error in the herder; continuing", e);
                    }
                }
            }
        } finally {
            halt();
        }
    }

    private void halt() {
        log.info("Herder stopping: stopping connectors and tasks, then leaving the group");
        stopAll();
        member.close();
        requests.forEach(r -> r.cancel(false));
        worker.stop();
        configStore.stop();
        sharedStatuses.stop();
    }

    @Override
    public void stop() {
        ready = false;
        stopping = true;
        if (member != null) {
            member.coordinator.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(REQUEST_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.info("Distributed herder stopped");
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public boolean healthy(long timeoutMs) {
        try {
            onHerderThread(() -> null, timeoutMs);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- the herder thread ----

    private void tick() {
        long now = System.currentTimeMillis();
        long timeout = requests.isEmpty() && !configChanged && restarts.isEmpty() && reconfigureRequests.isEmpty()
                ? IDLE_POLL_MS : 0;
        if (rejoinAt >= 0) {
            timeout = Math.max(0, Math.min(timeout, rejoinAt - now));
        }
        if (reconfigureRetryAt >= 0) {
            timeout = Math.max(0, Math.min(timeout, reconfigureRetryAt - now));
        }
        try {
            member.coordinator.poll(timeout);
        } catch (WakeupException e) {
            // A request or a config change is waiting.
        }
        now = System.currentTimeMillis();
        if (stopping) {
            return;
        }
        if (rejoinAt >= 0 && now >= rejoinAt) {
            rejoinAt = -1;
            member.coordinator.requestRejoin("the delay for work of departed members expired");
        }
        if (pending != null) {
            PendingAssignment p = pending;
            pending = null;
            handleAssignment(p);
        }
        if (resolved) {
            if (configChanged) {
                applyConfigChanges();
                if (member.coordinator.rejoinNeededOrPending()) {
                    // Requests wait for the rebalance the change needs, so they see its outcome (as Apache's do).
                    return;
                }
            }
            applyRestarts();
            rotateSessionKeyIfDue(now);
            if (!reconfigureRequests.isEmpty() && (reconfigureRetryAt < 0 || now >= reconfigureRetryAt)) {
                reconfigureRetryAt = -1;
                for (String connector : new ArrayList<>(reconfigureRequests)) {
                    reconfigureRequests.remove(connector);
                    reconfigure(connector);
                }
            }
        }
        FutureTask<?> request;
        while ((request = requests.poll()) != null) {
            request.run();
        }
    }

    @Override
    public long configOffset() {
        return configStore.snapshot().offset();
    }

    @Override
    public WorkerCoordinator.ConfigView configFor(long offset) {
        configStore.readToEnd(syncTimeout);
        ClusterConfig view = configStore.snapshot();
        lastConfigured = configured(view);
        return new WorkerCoordinator.ConfigView(view.offset(), lastConfigured);
    }

    private static CooperativeAssignor.Configured configured(ClusterConfig view) {
        Set<ConnectorTaskId> tasks = new HashSet<>();
        view.connectors().keySet().forEach(c -> tasks.addAll(view.taskIds(c)));
        return new CooperativeAssignor.Configured(new HashSet<>(view.connectors().keySet()), tasks);
    }

    @Override
    public void onAssigned(WorkerAssignment received, WorkerAssignment current, int generation) {
        pending = new PendingAssignment(received, current, generation);
    }

    @Override
    public void onRevokedAll(WorkerAssignment previous, String reason) {
        log.warn("Stopping every connector and task on this worker: {}", reason);
        resolved = false;
        stopAll();
    }

    private void stopAll() {
        worker.stopAndAwaitTasks(worker.taskIds());
        for (String connector : worker.connectorNames()) {
            worker.stopAndAwaitConnector(connector);
        }
    }

    private void handleAssignment(PendingAssignment p) {
        WorkerAssignment received = p.received();
        if (received.failed()) {
            log.info("The leader could not compute an assignment (its config view was behind); rejoining");
            resolved = false;
            configStore.readToEnd(syncTimeout);
            member.coordinator.requestRejoin("config mismatch");
            return;
        }
        if (configStore.snapshot().offset() < received.configOffset()
                && (!configStore.readToEnd(syncTimeout) || configStore.snapshot().offset() < received.configOffset())) {
            log.warn("This worker could not read the config topic up to offset {} within {} ms; rejoining",
                    received.configOffset(), syncTimeout.toMillis());
            resolved = false;
            member.coordinator.requestRejoin("config topic not read in time");
            return;
        }
        generation = p.generation();
        leaderUrl = received.leaderUrl();
        leader = received.leader().equals(member.coordinator.memberIdOrEmpty());
        log.info("Rebalance complete (generation {}, leader {}{}): started {} connector(s) and {} task(s), revoked {} and {}",
                p.generation(), received.leaderUrl(), leader ? ", this worker" : "", received.connectors().size(),
                received.tasks().size(), received.revokedConnectors().size(), received.revokedTasks().size());
        worker.stopAndAwaitTasks(received.revokedTasks());
        received.revokedConnectors().forEach(worker::stopAndAwaitConnector);
        resolved = true;
        applyConfigChanges();
        for (ConnectorTaskId task : p.current().tasks()) {
            if (!worker.taskIds().contains(task)) {
                startTask(task);
            }
        }
        for (String connector : p.current().connectors()) {
            if (!worker.ownsConnector(connector)) {
                startConnector(connector);
            }
        }
        if (received.hasRevocations()) {
            member.coordinator.requestRejoin("revoked work has stopped");
        }
        synchronized (firstRebalance) {
            firstRebalance.notifyAll();
        }
        rejoinAt = received.delayMs() > 0 ? System.currentTimeMillis() + received.delayMs() : -1;
    }

    private boolean assignedConnector(String connector) {
        WorkerAssignment current = member.coordinator.current();
        return current != null && current.connectors().contains(connector);
    }

    private boolean assignedTask(ConnectorTaskId task) {
        WorkerAssignment current = member.coordinator.current();
        return current != null && current.tasks().contains(task);
    }

    /** Brings the work running here in line with the latest config topic contents. */
    private void applyConfigChanges() {
        configChanged = false;
        ClusterConfig previous = snapshot;
        ClusterConfig next = configStore.snapshot();
        snapshot = next;
        for (String connector : worker.connectorNames()) {
            if (!next.contains(connector)) {
                worker.stopAndAwaitConnector(connector);
            } else if (!Objects.equals(previous.config(connector), next.config(connector))
                    || previous.targetState(connector) == TargetState.STOPPED && next.targetState(connector) != TargetState.STOPPED) {
                log.info("Connector {} was reconfigured or left the STOPPED state; restarting it", connector);
                worker.stopAndAwaitConnector(connector);
                startConnector(connector);
            } else if (previous.targetState(connector) != next.targetState(connector)) {
                worker.setTargetState(connector, next.targetState(connector));
                if (next.targetState(connector) == TargetState.STARTED) {
                    // A connector paused before it produced task configs gets them once it runs again.
                    reconfigureRequests.add(connector);
                }
            }
        }
        for (ConnectorTaskId task : worker.taskIds()) {
            Map<String, String> taskConfig = next.taskConfig(task);
            if (taskConfig == null) {
                worker.stopAndAwaitTasks(List.of(task));
            } else if (!Objects.equals(previous.taskConfig(task), taskConfig)
                    || !Objects.equals(previous.config(task.connector()), next.config(task.connector()))) {
                worker.stopAndAwaitTasks(List.of(task));
                startTask(task);
            } else if (previous.targetState(task.connector()) != next.targetState(task.connector())
                    && !worker.ownsConnector(task.connector())) {
                worker.setTargetState(task.connector(), next.targetState(task.connector()));
            }
        }
        // Tasks assigned here whose configs arrived only now (or failed to start) are started.
        WorkerAssignment current = member.coordinator.current();
        if (current != null) {
            for (ConnectorTaskId task : current.tasks()) {
                if (!worker.taskIds().contains(task) && next.taskConfig(task) != null
                        && previous.taskConfig(task) == null) {
                    startTask(task);
                }
            }
        }
        if (leader && lastConfigured != null && !configured(next).equals(lastConfigured)) {
            member.coordinator.requestRejoin("connectors or tasks were added or removed");
        }
    }

    private void applyRestarts() {
        RestartRequest r;
        while ((r = restarts.poll()) != null) {
            String connector = r.connector();
            if (!snapshot.contains(connector)) {
                continue;
            }
            if (assignedConnector(connector) && covered(statusStore.connector(connector), r.onlyFailed())) {
                worker.stopAndAwaitConnector(connector);
                startConnector(connector);
            }
            if (r.includeTasks()) {
                for (ConnectorTaskId task : worker.tasksOf(connector)) {
                    if (covered(statusStore.task(task), r.onlyFailed())) {
                        worker.stopAndAwaitTasks(List.of(task));
                        startTask(task);
                    }
                }
            }
        }
    }

    /** Whether a restart request covers a component: the leader marked what it covers RESTARTING when it accepted it. */
    private static boolean covered(ComponentStatus status, boolean onlyFailed) {
        return !onlyFailed || status != null
                && (status.state() == ComponentState.FAILED || status.state() == ComponentState.RESTARTING);
    }

    private void startConnector(String connector) {
        Map<String, String> connectorConfig = snapshot.config(connector);
        if (connectorConfig == null) {
            return;
        }
        TargetState target = snapshot.targetState(connector);
        try {
            worker.startConnector(connector, connectorConfig, target, statuses.connectorListener(), this)
                    .get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException | ConnectException e) {
            log.error("Connector {} did not start", connector, e);
            return;
        }
        if (target == TargetState.STARTED && worker.isRunning(connector)) {
            reconfigure(connector);
        }
    }

    private void startTask(ConnectorTaskId task) {
        Map<String, String> taskConfig = snapshot.taskConfig(task);
        Map<String, String> connectorConfig = snapshot.config(task.connector());
        if (taskConfig == null || connectorConfig == null) {
            return;
        }
        try {
            worker.startTask(task, connectorConfig, taskConfig, snapshot.targetState(task.connector()),
                    statuses.taskListener());
        } catch (ConnectException e) {
            log.error("Task {} did not start", task, e);
        }
    }

    /** Takes new task configs from a connector running here and has the leader write them if they changed. */
    private void reconfigure(String connector) {
        if (!worker.isRunning(connector) || snapshot.targetState(connector) != TargetState.STARTED) {
            return;
        }
        List<Map<String, String>> generated;
        try {
            generated = worker.connectorTaskConfigs(connector, snapshot.config(connector));
        } catch (ConnectException e) {
            log.error("Connector {} failed to generate task configs", connector, e);
            statuses.connector(connector, ComponentState.FAILED, StatusRecorder.trace(e));
            return;
        }
        if (generated.equals(snapshot.tasks(connector)) && !snapshot.inconsistent().contains(connector)) {
            return;
        }
        try {
            if (leader) {
                writeTaskConfigs(connector, generated);
            } else {
                leaderClient.putTaskConfigs(leaderUrl, connector, generated, sessionKey(), signatureAlgorithm);
            }
        } catch (RuntimeException e) {
            log.warn("Could not hand the new task configs of {} to the leader ({}); retrying", connector, e.getMessage());
            reconfigureRequests.add(connector);
            reconfigureRetryAt = System.currentTimeMillis() + RECONFIGURE_RETRY_MS;
        }
    }

    /**
     * The key requests between workers are signed and checked with; null when the group does not sign them or no
     * key has been read yet.
     */
    private SecretKey sessionKey() {
        SessionKey key = configStore.sessionKey();
        return member.coordinator.sessioned() && key != null ? key.key() : null;
    }

    /**
     * The leader of a group that signs its requests keeps a session key in the config topic, and replaces it once it
     * is older than {@code inter.worker.key.ttl.ms}; a new leader goes on with its predecessor's key until then.
     */
    private void rotateSessionKeyIfDue(long now) {
        if (!leader || !member.coordinator.sessioned()) {
            return;
        }
        SessionKey current = configStore.sessionKey();
        if (current != null && !current.expired(now, config.getInt(DistributedConfig.INTER_WORKER_KEY_TTL_MS_CONFIG))) {
            return;
        }
        SecretKey key = config.sessionKeyGenerator().generateKey();
        configStore.putSessionKey(new SessionKey(key, now));
        log.info("Wrote a new session key for requests between workers ({}{})", key.getAlgorithm(),
                current == null ? "" : ", replacing one created at " + Instant.ofEpochMilli(current.creationTimestamp()));
    }

    private void writeTaskConfigs(String connector, List<Map<String, String>> configs) {
        int before = configStore.snapshot().tasks(connector).size();
        configStore.putTaskConfigs(connector, configs);
        for (int i = configs.size(); i < before; i++) {
            statusStore.removeTask(new ConnectorTaskId(connector, i));
        }
        log.info("Wrote {} task config(s) for connector {}", configs.size(), connector);
    }

    // ---- config topic events (reading thread) ----

    @Override
    public void onConnectorConfig(String connector, boolean removed) {
        changed();
    }

    @Override
    public void onTargetState(String connector) {
        changed();
    }

    @Override
    public void onTaskConfigs(String connector) {
        changed();
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

    /** Any worker may write the level; every worker, this one included, applies it when it reads the record back. */
    @Override
    public void setClusterLoggerLevel(String namespace, String level) {
        configStore.putLoggerLevel(namespace, level);
    }

    private void changed() {
        configChanged = true;
        wakeup();
    }

    private void wakeup() {
        WorkerGroupMember m = member;
        if (m != null) {
            m.coordinator.wakeup();
        }
    }

    @Override
    public void requestTaskReconfiguration(String connector) {
        reconfigureRequests.add(connector);
        wakeup();
    }

    // ---- reads (from this worker's view) ----

    private ClusterConfig view() {
        return configStore.snapshot();
    }

    @Override
    protected Map<String, String> configOf(String connector) {
        return view().config(connector);
    }

    @Override
    protected List<Map<String, String>> taskConfigsOf(String connector) {
        return view().tasks(connector);
    }

    private Map<String, String> existing(ClusterConfig view, String name) {
        Map<String, String> c = view.config(name);
        if (c == null) {
            throw new NotFoundException("Connector " + name + " not found");
        }
        return c;
    }

    @Override
    public Collection<String> connectors() {
        return new ArrayList<>(view().connectors().keySet());
    }

    // ---- changes (made by the leader) ----

    /** Checked before any work: a change is made by the leader once the group is stable. */
    private void requireLeader() {
        if (!resolved) {
            throw new RebalanceInProgressException();
        }
        if (!leader) {
            if (leaderUrl == null) {
                throw new RebalanceInProgressException();
            }
            throw new ForwardRequestException(leaderUrl, "Changes are made by the leader at " + leaderUrl);
        }
    }

    @Override
    public Created<ConnectorInfo> putConnectorConfig(String name, Map<String, String> submitted, TargetState initialState,
                                                     boolean allowReplace) {
        requireLeader();
        Map<String, String> connectorConfig = ConnectorRequests.withName(name, submitted);
        ConnectorRequests.rejectIfInvalid(validator, connectorConfig);
        return onHerderThread(() -> {
            requireLeader();
            boolean exists = configStore.snapshot().contains(name);
            if (exists && !allowReplace) {
                throw new AlreadyExistsException("Connector " + name + " already exists");
            }
            configStore.putConnectorConfig(name, connectorConfig, exists ? null : initialState);
            log.info("{} connector {}", exists ? "Reconfigured" : "Created", name);
            return new Created<>(!exists, connectorInfo(name));
        });
    }

    @Override
    public void deleteConnector(String name) {
        onHerderThread(() -> {
            requireLeader();
            existing(configStore.snapshot(), name);
            configStore.removeConnectorConfig(name);
            statusStore.removeConnector(name);
            worker.topicTracker().reset(name);
            log.info("Deleted connector {}", name);
            return null;
        });
    }

    @Override
    public void stopConnector(String name) {
        onHerderThread(() -> {
            requireLeader();
            existing(configStore.snapshot(), name);
            writeTaskConfigs(name, List.of());
            configStore.putTargetState(name, TargetState.STOPPED);
            return null;
        });
    }

    @Override
    protected void setTargetState(String name, TargetState state) {
        onHerderThread(() -> {
            requireLeader();
            ClusterConfig view = configStore.snapshot();
            if (!view.contains(name)) {
                throw new NotFoundException("Unknown connector " + name);
            }
            if (view.targetState(name) != state) {
                configStore.putTargetState(name, state);
            }
            return null;
        });
    }

    @Override
    protected Message modifyOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return onHerderThread(() -> worker.modifyConnectorOffsets(name, stoppedConfig(name), offsets));
    }

    private Map<String, String> stoppedConfig(String name) {
        requireLeader();
        ClusterConfig view = configStore.snapshot();
        Map<String, String> c = existing(view, name);
        if (view.targetState(name) != TargetState.STOPPED || !view.tasks(name).isEmpty()) {
            throw notStopped(name);
        }
        return c;
    }

    @Override
    public void restartConnector(String name) {
        onHerderThread(() -> {
            requireLeader();
            existing(configStore.snapshot(), name);
            markRestarting(ConnectorRequests.restartPlan(connectorStatus(name), false, false));
            configStore.putRestartRequest(name, false, false);
            return null;
        });
    }

    @Override
    public ConnectorStateInfo restartConnectorAndTasks(String name, boolean includeTasks, boolean onlyFailed) {
        return onHerderThread(() -> {
            requireLeader();
            existing(configStore.snapshot(), name);
            ConnectorStateInfo plan = ConnectorRequests.restartPlan(connectorStatus(name), includeTasks, onlyFailed);
            markRestarting(plan);
            configStore.putRestartRequest(name, includeTasks, onlyFailed);
            return plan;
        });
    }

    /**
     * Shows what a restart request covers as RESTARTING, under its current worker, before the request is written: a
     * client that waits for RUNNING after asking for a restart then waits for the restarted instance.
     */
    private void markRestarting(ConnectorStateInfo plan) {
        String restarting = ComponentState.RESTARTING.name();
        if (restarting.equals(plan.connector().state())) {
            statusStore.putConnector(plan.name(), new ComponentStatus(ComponentState.RESTARTING, null,
                    plan.connector().workerId(), generation, null));
        }
        for (ConnectorStateInfo.TaskState task : plan.tasks()) {
            if (restarting.equals(task.state())) {
                statusStore.putTask(new ConnectorTaskId(plan.name(), task.id()),
                        new ComponentStatus(ComponentState.RESTARTING, null, task.workerId(), generation, null));
            }
        }
    }

    @Override
    public void restartTask(ConnectorTaskId id) {
        ClusterConfig view = view();
        existing(view, id.connector());
        if (view.taskConfig(id) == null) {
            throw new NotFoundException("Unknown task: " + id);
        }
        if (!resolved) {
            throw new RebalanceInProgressException();
        }
        boolean restarted = onHerderThread(() -> {
            if (!assignedTask(id)) {
                return false;
            }
            worker.stopAndAwaitTasks(List.of(id));
            startTask(id);
            return true;
        });
        if (!restarted) {
            ComponentStatus status = statusStore.task(id);
            if (status == null || status.workerId() == null || status.workerId().equals(worker.workerId())) {
                throw new RebalanceInProgressException();
            }
            throw new ForwardRequestException(workerUrl(status.workerId()), "Task " + id + " runs on " + status.workerId());
        }
    }

    /**
     * Accepts task configs from the worker that runs the connector; only the leader writes them. In a group that
     * signs its requests, an unsigned or wrongly signed request is refused before anything else.
     */
    @Override
    public void putTaskConfigs(String name, List<Map<String, String>> configs, InternalRequestSignature signature) {
        onHerderThread(() -> {
            if (member.coordinator.sessioned()) {
                InternalRequestSignature.verify(signature, sessionKey(), verificationAlgorithms);
            }
            requireLeader();
            existing(configStore.snapshot(), name);
            writeTaskConfigs(name, configs);
            return null;
        });
    }

    private String workerUrl(String workerId) {
        String scheme = url.startsWith("https") ? "https" : "http";
        return scheme + "://" + workerId + "/";
    }

    private <V> V onHerderThread(Callable<V> work) {
        return onHerderThread(work, REQUEST_TIMEOUT_MS);
    }

    private <V> V onHerderThread(Callable<V> work, long timeoutMs) {
        if (stopping) {
            throw new ConnectException("The worker is stopping");
        }
        FutureTask<V> task = new FutureTask<>(work);
        requests.add(task);
        wakeup();
        return await(task, timeoutMs);
    }
}
