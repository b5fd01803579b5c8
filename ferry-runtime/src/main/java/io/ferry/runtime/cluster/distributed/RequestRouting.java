package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.cluster.RebalanceInProgressException;
import io.ferry.runtime.cluster.Reconciler;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.storage.StatusStore;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which worker of the group serves a request made of this one. A change is made by the leader once the group is stable;
 * other workers send it there. As in Apache Kafka Connect, a plain connector restart and a task restart are carried out
 * by the worker that runs what they cover, so that they are served even when another worker forwarded them here as
 * their last hop ({@code forward=false}); a task restart is forwarded to the worker that runs the task, and a connector
 * restart this worker cannot carry out is left to the leader to write.
 */
final class RequestRouting {

    private final Reconciler reconciler;
    private final StatusStore statusStore;
    private final String workerId;
    private final String url;
    private final Supplier<GroupMembership> membership;
    private final BooleanSupplier resolved;
    private final BooleanSupplier leader;
    private final Supplier<String> leaderUrl;
    private final ZombieFencing.HerderThread herderThread;

    /**
     * @param url       this worker's REST URL, whose scheme the other workers' URLs share
     * @param resolved  whether this worker holds a complete assignment (no rebalance is under way)
     * @param leader    whether this worker led the last rebalance
     * @param leaderUrl the URL of the leader of the last rebalance, or null before the first
     */
    RequestRouting(Reconciler reconciler, StatusStore statusStore, String workerId, String url,
                   Supplier<GroupMembership> membership, BooleanSupplier resolved, BooleanSupplier leader,
                   Supplier<String> leaderUrl, ZombieFencing.HerderThread herderThread) {
        this.reconciler = reconciler;
        this.statusStore = statusStore;
        this.workerId = workerId;
        this.url = url;
        this.membership = membership;
        this.resolved = resolved;
        this.leader = leader;
        this.leaderUrl = leaderUrl;
        this.herderThread = herderThread;
    }

    /** Throws unless this worker may make a change now: it leads a group that is not rebalancing. */
    void checkCanChange() {
        if (!resolved.getAsBoolean()) {
            throw new RebalanceInProgressException();
        }
        if (!leader.getAsBoolean()) {
            String leaderAt = leaderUrl.get();
            if (leaderAt == null) {
                throw new RebalanceInProgressException();
            }
            throw new ForwardRequestException(leaderAt, "Changes are made by the leader at " + leaderAt);
        }
    }

    /** Restarts the connector, on the herder thread, if this worker runs it; answers whether it did. */
    boolean restartedConnectorHere(String name) {
        if (!resolved.getAsBoolean()) {
            throw new RebalanceInProgressException();
        }
        return herderThread.call(() -> {
            WorkerAssignment current = membership.get().current();
            if (current == null || !current.connectors().contains(name)) {
                return false;
            }
            reconciler.restart(name, false, false, WorkerAssignment.held(current));
            return true;
        });
    }

    /** Restarts the task, on the herder thread, if this worker runs it; otherwise forwards to the worker that does. */
    void restartTask(ConnectorTaskId id) {
        if (!resolved.getAsBoolean()) {
            throw new RebalanceInProgressException();
        }
        boolean restarted = herderThread.call(() -> {
            if (!assignedHere(id)) {
                return false;
            }
            reconciler.restartTask(id);
            return true;
        });
        if (!restarted) {
            ComponentStatus status = statusStore.task(id);
            if (status == null || status.workerId() == null || status.workerId().equals(workerId)) {
                throw new RebalanceInProgressException();
            }
            throw new ForwardRequestException(workerUrl(status.workerId()), "Task " + id + " runs on " + status.workerId());
        }
    }

    /** Whether the task is assigned to this worker now. */
    boolean assignedHere(ConnectorTaskId id) {
        WorkerAssignment current = membership.get().current();
        return current != null && current.tasks().contains(id);
    }

    private String workerUrl(String workerId) {
        String scheme = url.startsWith("https") ? "https" : "http";
        return scheme + "://" + workerId + "/";
    }
}
