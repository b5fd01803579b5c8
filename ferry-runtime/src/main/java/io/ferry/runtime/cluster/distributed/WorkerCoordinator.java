package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.distributed.ConnectProtocol.WorkerState;
import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.internals.AbstractCoordinator;
import org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Timer;
import org.slf4j.Logger;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's membership of the Connect group, on Kafka's own group coordinator (JoinGroup, SyncGroup, Heartbeat and
 * LeaveGroup with protocol type {@code connect}). The member the coordinator designates leader computes the
 * assignment; every member merges what it receives into what it already runs.
 */
final class WorkerCoordinator extends AbstractCoordinator {

    /** What the coordinator needs from the herder; called on the thread that polls. */
    interface Listener {
        /** How far this worker has read the config topic. */
        long configOffset();

        /** Reads the config topic to at least {@code offset} and describes what is configured, or null if it cannot. */
        ConfigView configFor(long offset);

        /** A rebalance completed: {@code received} as the leader sent it, {@code current} after merging. */
        void onAssigned(WorkerAssignment received, WorkerAssignment current, int generation);

        /** Everything this worker ran must stop: it is no longer a member the leader counts on. */
        void onRevokedAll(WorkerAssignment previous, String reason);
    }

    record ConfigView(long offset, CooperativeAssignor.Configured configured) {
    }

    private final Logger log;
    private final Time time;
    private final String url;
    private final Listener listener;
    private final CooperativeAssignor assignor;
    private final int heartbeatIntervalMs;
    private final boolean offerSessioned;
    private volatile String protocol;
    private volatile WorkerAssignment current;
    private long coordinatorMissingSince = -1;

    WorkerCoordinator(GroupRebalanceConfig config, LogContext logContext, ConsumerNetworkClient client, Metrics metrics,
                      Time time, String url, long scheduledRebalanceMaxDelayMs, boolean offerSessioned, Listener listener) {
        super(config, logContext, client, metrics, "connect", time);
        this.log = logContext.logger(WorkerCoordinator.class);
        this.time = time;
        this.url = url;
        this.listener = listener;
        this.assignor = new CooperativeAssignor(scheduledRebalanceMaxDelayMs);
        this.heartbeatIntervalMs = config.heartbeatIntervalMs;
        this.offerSessioned = offerSessioned;
        // Apache Kafka Connect's coordinator metrics: the size of this worker's current assignment.
        String group = "connect-coordinator-metrics";
        metrics.addMetric(metrics.metricName("assigned-connectors", group,
                "The number of connector instances currently assigned to this worker."),
                (Measurable) (config1, now) -> { WorkerAssignment a = current; return a == null ? 0 : a.connectors().size(); });
        metrics.addMetric(metrics.metricName("assigned-tasks", group,
                "The number of tasks currently assigned to this worker."),
                (Measurable) (config1, now) -> { WorkerAssignment a = current; return a == null ? 0 : a.tasks().size(); });
    }

    @Override
    protected String protocolType() {
        return ConnectProtocol.PROTOCOL_TYPE;
    }

    /**
     * The protocols this worker can speak, most preferred first. The coordinator picks one every member offers, so a
     * group with a member that only speaks {@code compatible} (Ferry with {@code connect.protocol=compatible}, or an
     * older Apache worker) does not sign its requests.
     */
    @Override
    protected JoinGroupRequestData.JoinGroupRequestProtocolCollection metadata() {
        WorkerState state = new WorkerState(url, listener.configOffset(), current);
        JoinGroupRequestData.JoinGroupRequestProtocolCollection protocols =
                new JoinGroupRequestData.JoinGroupRequestProtocolCollection();
        if (offerSessioned) {
            protocols.add(protocol(ConnectProtocol.SESSIONED, state));
        }
        protocols.add(protocol(ConnectProtocol.COMPATIBLE, state));
        return protocols;
    }

    private static JoinGroupRequestData.JoinGroupRequestProtocol protocol(String name, WorkerState state) {
        ByteBuffer bytes = ConnectProtocol.serializeMetadata(state, ConnectProtocol.version(name));
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return new JoinGroupRequestData.JoinGroupRequestProtocol().setName(name).setMetadata(array);
    }

    /** True while the group speaks {@code sessioned}: its members sign and check their requests to each other. */
    boolean sessioned() {
        return ConnectProtocol.SESSIONED.equals(protocol);
    }

    /**
     * Drives membership for up to {@code timeoutMs}: finds the coordinator, joins when a rebalance is due (blocking
     * until it completes), and heartbeats. A worker that cannot reach the coordinator for a heartbeat interval stops
     * all its work, since the rest of the group may already be giving it to others.
     */
    void poll(long timeoutMs) {
        long now = time.milliseconds();
        long deadline = now + timeoutMs;
        do {
            if (coordinatorUnknown()) {
                if (coordinatorMissingSince < 0) {
                    coordinatorMissingSince = now;
                }
                if (!ensureCoordinatorReady(time.timer(Math.min(heartbeatIntervalMs, Math.max(0, deadline - now))))) {
                    now = time.milliseconds();
                    if (now - coordinatorMissingSince >= heartbeatIntervalMs && current != null && !current.isEmpty()) {
                        revokeAll("the group coordinator cannot be reached");
                    }
                    if (now >= deadline) {
                        return;
                    }
                    continue;
                }
            }
            coordinatorMissingSince = -1;
            if (rejoinNeededOrPending()) {
                ensureActiveGroup();
                // Hand the new assignment to the herder at once; heartbeats resume with the next poll.
                return;
            }
            pollHeartbeat(now);
            long remaining = Math.max(0, deadline - time.milliseconds());
            client.poll(time.timer(Math.min(remaining, timeToNextHeartbeat(time.milliseconds()))));
            now = time.milliseconds();
        } while (now < deadline);
    }

    /** Leaves the group, waiting up to {@code timeoutMs} for the coordinator to hear it, and releases the client. */
    void leaveAndClose(long timeoutMs) {
        close(time.timer(timeoutMs), CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    void wakeup() {
        client.wakeup();
    }

    WorkerAssignment current() {
        return current;
    }

    /** The member id the coordinator gave this worker, or an empty string before it joined. */
    String memberIdOrEmpty() {
        return generation().memberId;
    }

    int generationId() {
        return generation().generationId;
    }

    private void revokeAll(String reason) {
        WorkerAssignment previous = current;
        current = null;
        listener.onRevokedAll(previous, reason);
        requestRejoin(reason);
    }

    @Override
    protected boolean onJoinPrepare(Timer timer, int generation, String memberId) {
        if (generation == Generation.NO_GENERATION.generationId && current != null && !current.isEmpty()) {
            // We lost our membership (session expired or we were fenced): our work may already be elsewhere.
            log.warn("This worker's group membership was lost; stopping all its connectors and tasks before rejoining");
            WorkerAssignment previous = current;
            current = null;
            listener.onRevokedAll(previous, "membership lost");
        }
        return true;
    }

    @Override
    protected Map<String, ByteBuffer> onLeaderElected(String leaderId, String protocol,
                                                      List<JoinGroupResponseData.JoinGroupResponseMember> allMembers,
                                                      boolean skipAssignment) {
        short version = ConnectProtocol.version(protocol);
        Map<String, ByteBuffer> raw = new LinkedHashMap<>();
        for (JoinGroupResponseData.JoinGroupResponseMember m : allMembers) {
            raw.put(m.memberId(), ByteBuffer.wrap(m.metadata()));
        }
        Map<String, WorkerState> members = ConnectProtocol.members(raw);
        long maxOffset = members.values().stream().mapToLong(WorkerState::configOffset).max().orElse(-1);
        String leaderUrl = members.containsKey(leaderId) ? members.get(leaderId).url() : url;
        ConfigView view = listener.configFor(maxOffset);
        Map<String, ByteBuffer> result = new HashMap<>();
        if (view == null || view.offset() < maxOffset) {
            log.info("This leader could not read the config topic up to offset {}; asking every member to rejoin", maxOffset);
            WorkerAssignment mismatch = new WorkerAssignment(WorkerAssignment.CONFIG_MISMATCH, leaderId, leaderUrl,
                    maxOffset, List.of(), List.of(), List.of(), List.of(), 0);
            members.keySet().forEach(id -> result.put(id, ConnectProtocol.serializeAssignment(mismatch, version)));
            return result;
        }
        Map<String, WorkerAssignment> assignments = assignor.assign(leaderId, leaderUrl, view.offset(), members,
                view.configured(), time.milliseconds());
        log.info("Assignments for generation with {} members at config offset {}: {}", members.size(), view.offset(),
                assignments);
        assignments.forEach((id, a) -> result.put(id, ConnectProtocol.serializeAssignment(a, version)));
        return result;
    }

    @Override
    protected void onJoinComplete(int generation, String memberId, String protocol, ByteBuffer bytes) {
        this.protocol = protocol;
        WorkerAssignment received = ConnectProtocol.deserializeAssignment(bytes);
        if (received.failed()) {
            listener.onAssigned(received, current, generation);
            return;
        }
        current = received.appliedTo(current);
        listener.onAssigned(received, current, generation);
    }

    @Override
    protected void handlePollTimeoutExpiry() {
        log.warn("The herder did not poll the group in time; leaving the group");
        super.handlePollTimeoutExpiry();
    }

    @Override
    protected synchronized boolean rejoinNeededOrPending() {
        return super.rejoinNeededOrPending();
    }
}
