package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.model.ConnectorTaskId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Group membership without a group: a rebalance happens at the poll after a rejoin was asked for. Unless a test
 * scripts what the leader sends, this worker is given everything configured that it does not hold yet (and loses what
 * is no longer configured), as the cooperative assignor would for a group of one; it leads that group unless a test
 * names another leader.
 */
final class FakeMembership implements GroupMembership {

    static final String MEMBER_ID = "member-1";
    static final String URL = "http://fake:8083/";

    private final WorkerCoordinator.Listener listener;
    private final Deque<WorkerAssignment> scripted = new ArrayDeque<>();
    private final List<String> rejoinReasons = new CopyOnWriteArrayList<>();
    private boolean rejoinNeeded = true;
    private boolean woken;
    private boolean joinHeld;
    private String loseEverything;
    private volatile boolean sessioned;
    private volatile String leaderId = MEMBER_ID;
    private volatile String leaderUrl = URL;
    private volatile WorkerAssignment current;
    private volatile int generation;

    FakeMembership(WorkerCoordinator.Listener listener) {
        this.listener = listener;
    }

    /** The next rebalance hands this worker {@code received}, as a leader elsewhere computed it. */
    synchronized void rebalanceWith(WorkerAssignment received) {
        scripted.add(received);
        rejoinNeeded = true;
        notifyAll();
    }

    /** At the next poll this worker loses its membership (its session expired, say) and then rejoins. */
    synchronized void loseMembership(String reason) {
        loseEverything = reason;
        notifyAll();
    }

    /** Another member leads the group: this worker is a follower that is given everything configured. */
    void ledBy(String leaderId, String leaderUrl) {
        this.leaderId = leaderId;
        this.leaderUrl = leaderUrl;
    }

    /** Until {@link #releaseJoin()}, no rebalance completes: the group takes its time, as a slow one does. */
    synchronized void holdJoin() {
        joinHeld = true;
    }

    synchronized void releaseJoin() {
        joinHeld = false;
        notifyAll();
    }

    /** Makes the group speak {@code sessioned}: its members sign their requests to each other. */
    void speakSessioned() {
        sessioned = true;
    }

    /** How many rebalances completed; the herder handles each before it runs the requests that follow it. */
    int generation() {
        return generation;
    }

    List<String> rejoinReasons() {
        return List.copyOf(rejoinReasons);
    }

    @Override
    public void poll(long timeoutMs) {
        String lost;
        synchronized (this) {
            lost = loseEverything;
            loseEverything = null;
        }
        if (lost != null) {
            WorkerAssignment previous = current;
            current = null;
            listener.onRevokedAll(previous, lost);
            requestRejoin(lost);
        }
        synchronized (this) {
            if ((!rejoinNeeded || joinHeld) && !woken && timeoutMs > 0) {
                try {
                    wait(timeoutMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            woken = false;
            if (!rejoinNeeded || joinHeld) {
                return;
            }
            rejoinNeeded = false;
        }
        rebalance();
    }

    private void rebalance() {
        WorkerAssignment received;
        synchronized (this) {
            received = scripted.poll();
        }
        if (received == null) {
            received = everythingConfigured();
        }
        if (!received.failed()) {
            current = received.appliedTo(current);
        }
        listener.onAssigned(received, current, ++generation);
    }

    private WorkerAssignment everythingConfigured() {
        WorkerCoordinator.ConfigView view = listener.configFor(listener.configOffset());
        Set<String> held = new LinkedHashSet<>(current == null ? List.of() : current.connectors());
        Set<ConnectorTaskId> heldTasks = new LinkedHashSet<>(current == null ? List.of() : current.tasks());
        List<String> given = view.configured().connectors().stream().filter(c -> !held.contains(c)).sorted().toList();
        List<ConnectorTaskId> givenTasks = view.configured().tasks().stream().filter(t -> !heldTasks.contains(t))
                .sorted().toList();
        List<String> revoked = held.stream().filter(c -> !view.configured().connectors().contains(c)).toList();
        List<ConnectorTaskId> revokedTasks = heldTasks.stream().filter(t -> !view.configured().tasks().contains(t))
                .toList();
        return new WorkerAssignment(WorkerAssignment.NO_ERROR, leaderId, leaderUrl, view.offset(), given, givenTasks,
                revoked, revokedTasks, 0);
    }

    @Override
    public synchronized void wakeup() {
        woken = true;
        notifyAll();
    }

    @Override
    public synchronized void requestRejoin(String reason) {
        rejoinReasons.add(reason);
        rejoinNeeded = true;
    }

    @Override
    public synchronized boolean rejoinNeededOrPending() {
        return rejoinNeeded;
    }

    @Override
    public WorkerAssignment current() {
        return current;
    }

    @Override
    public String memberId() {
        return MEMBER_ID;
    }

    @Override
    public boolean sessioned() {
        return sessioned;
    }

    @Override
    public void close() {
    }
}
