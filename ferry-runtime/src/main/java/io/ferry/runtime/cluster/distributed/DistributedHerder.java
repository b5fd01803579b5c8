package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.AbstractHerder;
import io.ferry.runtime.cluster.AutoRestartPolicy;
import io.ferry.runtime.cluster.ClusterClient;
import io.ferry.runtime.cluster.ConnectorValidator;
import io.ferry.runtime.cluster.HerderRequests;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.cluster.Reconciler;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.metrics.RebalanceMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.SessionKey;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.DataPlane;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The control plane of a distributed worker. What is its own is the group: one herder thread takes part in it
 * ({@link GroupMembership}), hands the {@link Reconciler} the work assigned here and what the config topic says, and
 * runs REST requests in order. Changes are made by the leader, which writes the config topic every worker follows;
 * other workers send changes to it ({@link ForwardRequestException}) and hand it the task configs their connectors
 * generate ({@link LeaderClient}), signed with the session key the leader keeps in the config topic (KIP-507).
 */
public class DistributedHerder extends AbstractHerder implements WorkerCoordinator.Listener {

    private static final Logger log = LoggerFactory.getLogger(DistributedHerder.class);
    private static final long IDLE_POLL_MS = 1_000;

    private final DistributedConfig config;
    private final Time time;
    private final LeaderClient leaderClient;
    private final GroupMembership.Factory membershipFactory;
    private final HerderRequests requests = new HerderRequests(this::wakeup);
    private final Duration syncTimeout;
    private final String signatureAlgorithm;
    private final List<String> verificationAlgorithms;
    private volatile GroupMembership membership;
    private volatile Thread thread;

    private final Object firstRebalance = new Object();
    private volatile boolean stopping;
    private volatile boolean ready;
    /** Set once the first rebalance is complete: joined, and the config topic read up to the assignment. */
    private volatile boolean joined;
    private volatile boolean configToApply;
    private volatile boolean resolved;
    private volatile boolean leader;
    private volatile String leaderUrl;
    private final RebalanceMetrics rebalanceMetrics;
    private final ZombieFencing fencing;
    private final SessionKeyRotation keyRotation;
    private final LeaderWritePrivileges writePrivileges;
    private final RequestRouting routing;
    private volatile int generation;
    private CooperativeAssignor.Configured lastConfigured;
    private PendingAssignment pending;
    private long rejoinAt = -1;

    private record PendingAssignment(WorkerAssignment received, WorkerAssignment current, int generation) {
    }

    /** @param clusterClient what this worker calls other workers' REST APIs with (the leader's, for task configs) */
    public DistributedHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins, DistributedConfig config,
                             ClusterConfigStore configStore, StatusStore statusStore, String kafkaClusterId, String url,
                             ClusterClient clusterClient) {
        this(worker, validator, plugins, config, configStore, statusStore, kafkaClusterId, url,
                new HttpLeaderClient(clusterClient), listener -> new WorkerGroupMember(config, url, Time.SYSTEM, listener),
                Time.SYSTEM);
    }

    /**
     * @param leaderClient      how task configs generated here reach the leader when this worker does not lead
     * @param membershipFactory how this worker joins its group (Kafka's group protocol, or a fake in tests)
     */
    public DistributedHerder(DataPlane worker, ConnectorValidator validator, Plugins plugins, DistributedConfig config,
                             ClusterConfigStore configStore, StatusStore statusStore, String kafkaClusterId, String url,
                             LeaderClient leaderClient, GroupMembership.Factory membershipFactory, Time time) {
        super(worker, validator, plugins, configStore, statusStore, kafkaClusterId, AutoRestartPolicy.from(config), time);
        this.config = config;
        this.leaderClient = leaderClient;
        this.membershipFactory = membershipFactory;
        this.time = time;
        this.syncTimeout = Duration.ofMillis(config.getInt(DistributedConfig.WORKER_SYNC_TIMEOUT_MS_CONFIG));
        this.signatureAlgorithm = config.getString(DistributedConfig.INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG);
        this.verificationAlgorithms = config.getList(DistributedConfig.INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG);
        this.rebalanceMetrics = new RebalanceMetrics(worker.metrics());
        this.keyRotation = new SessionKeyRotation(config, configStore);
        this.routing = new RequestRouting(reconciler, statusStore, worker.workerId(), url, () -> membership,
                () -> resolved, () -> leader, () -> leaderUrl, this::onHerderThread);
        this.fencing = new ZombieFencing(worker, configStore, leaderClient, syncTimeout, signatureAlgorithm,
                this::checkCanChange, this::onHerderThread, routing::assignedHere, this::sessionKey);
        this.writePrivileges = new LeaderWritePrivileges(configStore, time);
    }

    // ---- life cycle ----

    @Override
    public void start() {
        if (config.exactlyOnceSourceEnabled()) {
            worker.useTaskFencing(fencing);
        }
        worker.start();
        configStore.start();
        membership = membershipFactory.join(this);
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
        long deadline = time.milliseconds() + config.getInt(CommonClientConfigs.REBALANCE_TIMEOUT_MS_CONFIG);
        try {
            time.waitObject(firstRebalance, () -> resolved, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
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
        reconciler.stopAll();
        membership.close();
        requests.close();
        rebalanceMetrics.close();
        worker.stop();
        configStore.stop();
    }

    @Override
    public void stop() {
        ready = false;
        stopping = true;
        wakeup();
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

    /** Start-up is complete once the worker has joined, even when that outlasted {@link #awaitFirstRebalance()}. */
    @Override
    public boolean startupComplete() {
        return ready && joined;
    }

    @Override
    protected Thread herderThread() {
        return stopping ? null : thread;
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

    /**
     * One round of the herder thread: takes part in the group (waiting at most until something is due), then takes a
     * new assignment, applies config changes, restart requests and the automatic restarts due, rotates the session key, reconfigures connectors that
     * asked, and runs the waiting requests, in that order.
     */
    void tick() {
        long now = time.milliseconds();
        long timeout = requests.isEmpty() && !configToApply && !restartsPending() ? IDLE_POLL_MS : 0;
        timeout = Math.min(Math.min(timeout, reconciler.reconfigurationDueInMs()), writePrivileges.dueInMs());
        if (resolved) {
            // Automatic restarts are carried out only with an assignment to check them against (see below).
            timeout = Math.min(timeout, reconciler.autoRestartDueInMs());
        }
        if (rejoinAt >= 0) {
            timeout = Math.max(0, Math.min(timeout, rejoinAt - now));
        }
        try {
            membership.poll(timeout);
        } catch (WakeupException e) {
            // A request or a config change is waiting.
        }
        now = time.milliseconds();
        if (stopping) {
            return;
        }
        if (rejoinAt >= 0 && now >= rejoinAt) {
            rejoinAt = -1;
            membership.requestRejoin("the delay for work of departed members expired");
        }
        if (pending != null) {
            PendingAssignment p = pending;
            pending = null;
            handleAssignment(p);
        }
        if (resolved) {
            writePrivileges.claimIfNeeded();
            if (configToApply) {
                applyConfigChanges();
                if (membership.rejoinNeededOrPending()) {
                    // Requests wait for the rebalance the change needs, so they see its outcome (as Apache's do).
                    return;
                }
            }
            applyRestarts(WorkerAssignment.held(membership.current()));
            reconciler.restartDue(WorkerAssignment.held(membership.current()));
            if (leader && membership.sessioned()) {
                keyRotation.rotateIfDue(now);
            }
            reconciler.reconfigurePending();
        }
        requests.runPending();
    }

    @Override
    public long configOffset() {
        return configStore.snapshot().offset();
    }

    @Override
    public WorkerCoordinator.ConfigView configFor(long offset) {
        configStore.readToEnd(syncTimeout);
        ClusterConfig view = configStore.snapshot();
        lastConfigured = CooperativeAssignor.Configured.in(view);
        return new WorkerCoordinator.ConfigView(view.offset(), lastConfigured);
    }

    @Override
    public void onAssigned(WorkerAssignment received, WorkerAssignment current, int generation) {
        pending = new PendingAssignment(received, current, generation);
    }

    @Override
    public void onRevokedAll(WorkerAssignment previous, String reason) {
        log.warn("Stopping every connector and task on this worker: {}", reason);
        resolved = false;
        reconciler.stopAll();
    }

    private void handleAssignment(PendingAssignment p) {
        WorkerAssignment received = p.received();
        if (received.failed()) {
            log.info("The leader could not compute an assignment (its config view was behind); rejoining");
            resolved = false;
            configStore.readToEnd(syncTimeout);
            membership.requestRejoin("config mismatch");
            return;
        }
        if (configStore.snapshot().offset() < received.configOffset()
                && (!configStore.readToEnd(syncTimeout) || configStore.snapshot().offset() < received.configOffset())) {
            log.warn("This worker could not read the config topic up to offset {} within {} ms; rejoining",
                    received.configOffset(), syncTimeout.toMillis());
            resolved = false;
            membership.requestRejoin("config topic not read in time");
            return;
        }
        generation = p.generation();
        leaderUrl = received.leaderUrl();
        rebalanceMetrics.rebalanceStarted(membership.sessioned() ? "SESSIONED" : "COMPATIBLE", leaderUrl, generation);
        leader = received.leader().equals(membership.memberId());
        writePrivileges.leadership(leader);
        log.info("Rebalance complete (generation {}, leader {}{}): started {} connector(s) and {} task(s), revoked {} and {}",
                p.generation(), received.leaderUrl(), leader ? ", this worker" : "", received.connectors().size(),
                received.tasks().size(), received.revokedConnectors().size(), received.revokedTasks().size());
        resolved = true;
        joined = true;
        configToApply = false;
        ClusterConfig next = configStore.snapshot();
        try {
            reconciler.assign(received.revokedConnectors(), received.revokedTasks(), next, WorkerAssignment.held(p.current()));
        } catch (RuntimeException e) {
            rebalanceMetrics.rebalanceFailed();
            throw e;
        }
        rebalanceMetrics.rebalanceSucceeded();
        requestRejoinIfConfiguredWorkChanged(next);
        if (received.hasRevocations()) {
            membership.requestRejoin("revoked work has stopped");
        }
        synchronized (firstRebalance) {
            firstRebalance.notifyAll();
        }
        rejoinAt = received.delayMs() > 0 ? time.milliseconds() + received.delayMs() : -1;
    }

    /** Brings the work running here in line with the latest config topic contents. */
    private void applyConfigChanges() {
        configToApply = false;
        ClusterConfig next = configStore.snapshot();
        reconciler.apply(next, WorkerAssignment.held(membership.current()));
        requestRejoinIfConfiguredWorkChanged(next);
    }

    /** The leader rebalances when connectors or tasks were added or removed since it last assigned them. */
    private void requestRejoinIfConfiguredWorkChanged(ClusterConfig next) {
        if (leader && lastConfigured != null && !CooperativeAssignor.Configured.in(next).equals(lastConfigured)) {
            membership.requestRejoin("connectors or tasks were added or removed");
        }
    }

    /** Hands task configs generated here to the leader (which is maybe this worker). */
    @Override
    protected void publishTaskConfigs(String connector, List<Map<String, String>> configs) {
        if (leader) {
            writeTaskConfigs(connector, configs);
        } else {
            leaderClient.putTaskConfigs(leaderUrl, connector, configs, sessionKey(), signatureAlgorithm);
        }
    }

    /**
     * The key requests between workers are signed and checked with; null when the group does not sign them or no
     * key has been read yet.
     */
    private SecretKey sessionKey() {
        SessionKey key = configStore.sessionKey();
        return membership.sessioned() && key != null ? key.key() : null;
    }

    // ---- config topic events (reading thread) ----

    @Override
    protected void configChanged() {
        configToApply = true;
        wakeup();
    }

    @Override
    protected void wakeup() {
        GroupMembership m = membership;
        if (m != null) {
            m.wakeup();
        }
    }

    // ---- changes (made by the leader) ----

    /** A change is made by the leader once the group is stable; others send it there ({@link RequestRouting}). */
    @Override
    protected void checkCanChange() {
        routing.checkCanChange();
    }

    /**
     * A plain restart (without {@code includeTasks} or {@code onlyFailed}) of a connector this worker runs is carried
     * out here ({@link RequestRouting}); any other worker has the leader write it for the worker that runs it.
     */
    @Override
    public void restartConnector(String name) {
        existing(name, unknownConnectorToRestart(name));
        if (!routing.restartedConnectorHere(name)) {
            super.restartConnector(name);
        }
    }

    @Override
    public void restartTask(ConnectorTaskId id) {
        ClusterConfig view = configStore.snapshot();
        existing(id.connector(), unknownConnectorToRestart(id.connector()));
        if (view.taskConfig(id) == null) {
            throw new NotFoundException("Unknown task: " + id);
        }
        routing.restartTask(id);
    }

    /**
     * Accepts task configs from the worker that runs the connector; only the leader writes them. In a group that
     * signs its requests, an unsigned or wrongly signed request is refused before anything else.
     */
    @Override
    public void putTaskConfigs(String name, List<Map<String, String>> configs, InternalRequestSignature signature) {
        onHerderThread(() -> {
            if (membership.sessioned()) {
                InternalRequestSignature.verify(signature, sessionKey(), verificationAlgorithms);
            }
            checkCanChange();
            existing(name);
            writeTaskConfigs(name, configs);
            return null;
        });
    }

    @Override
    public boolean verifiesInternalRequestSignatures() {
        return membership.sessioned();
    }

    /** Internal: the leader fences an exactly-once source connector's earlier tasks before new ones start (KIP-618). */
    @Override
    public void fenceZombies(String connector, InternalRequestSignature signature) {
        if (membership.sessioned()) {
            InternalRequestSignature.verify(signature, sessionKey(), verificationAlgorithms);
        }
        fencing.fence(connector);
    }

    /** A cluster with exactly-once sources fences a source connector's tasks before its offsets change (KIP-618). */
    @Override
    protected void beforeOffsetsChange(String name) {
        if (config.exactlyOnceSourceEnabled()) {
            fencing.fenceBeforeOffsetsChange(name);
        }
    }

    @Override
    protected <V> V onHerderThread(Callable<V> work) {
        return onHerderThread(work, REQUEST_TIMEOUT_MS);
    }

    /** Each worker applies what it reads back from the config topic, on its herder thread. */
    @Override
    protected void afterChange() {
    }

    @Override
    protected int generation() {
        return generation;
    }

    private <V> V onHerderThread(Callable<V> work, long timeoutMs) {
        if (stopping) {
            throw new ConnectException("The worker is stopping");
        }
        return requests.call(work, timeoutMs);
    }
}
