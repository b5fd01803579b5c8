package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.Reconciler;
import io.ferry.runtime.model.ConnectorTaskId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the leader hands one member after a rebalance. In the cooperative protocol {@code connectors}/{@code tasks}
 * are what is newly given and {@code revoked*} what must be stopped; a member keeps everything else it already runs.
 * {@code delayMs} &gt; 0 means some work is held back because a member left, and the member should rejoin after it.
 */
public record WorkerAssignment(short error, String leader, String leaderUrl, long configOffset,
                               List<String> connectors, List<ConnectorTaskId> tasks,
                               List<String> revokedConnectors, List<ConnectorTaskId> revokedTasks, int delayMs) {

    public static final short NO_ERROR = 0;
    public static final short CONFIG_MISMATCH = 1;

    public WorkerAssignment {
        connectors = List.copyOf(connectors);
        tasks = List.copyOf(tasks);
        revokedConnectors = List.copyOf(revokedConnectors);
        revokedTasks = List.copyOf(revokedTasks);
    }

    /** What a member holds in all (its current assignment, or null before it has one), for the reconciler. */
    static Reconciler.Assignment held(WorkerAssignment current) {
        return current == null ? Reconciler.Assignment.NONE
                : new Reconciler.Assignment(Set.copyOf(current.connectors()), Set.copyOf(current.tasks()));
    }

    public static WorkerAssignment current(String leader, String leaderUrl, long offset, List<String> connectors,
                                           List<ConnectorTaskId> tasks) {
        return new WorkerAssignment(NO_ERROR, leader, leaderUrl, offset, connectors, tasks, List.of(), List.of(), 0);
    }

    /**
     * What a member holds once it takes this assignment: what it {@code held} before (null before its first), less
     * what is revoked, plus what is newly given.
     */
    public WorkerAssignment appliedTo(WorkerAssignment held) {
        Set<String> heldConnectors = new LinkedHashSet<>(held == null ? List.of() : held.connectors());
        Set<ConnectorTaskId> heldTasks = new LinkedHashSet<>(held == null ? List.of() : held.tasks());
        revokedConnectors.forEach(heldConnectors::remove);
        revokedTasks.forEach(heldTasks::remove);
        heldConnectors.addAll(connectors);
        heldTasks.addAll(tasks);
        return current(leader, leaderUrl, configOffset, new ArrayList<>(heldConnectors), new ArrayList<>(heldTasks));
    }

    public boolean failed() {
        return error != NO_ERROR;
    }

    public boolean isEmpty() {
        return connectors.isEmpty() && tasks.isEmpty();
    }

    public boolean hasRevocations() {
        return !revokedConnectors.isEmpty() || !revokedTasks.isEmpty();
    }
}
