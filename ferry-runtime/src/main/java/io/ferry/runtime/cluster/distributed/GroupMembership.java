package io.ferry.runtime.cluster.distributed;

/**
 * This worker's membership of the Connect group, as the herder drives it. The real one speaks Kafka's group protocol
 * ({@link WorkerGroupMember}); the herder's unit tests use a fake that hands out assignments directly. Only the herder
 * thread calls it, except {@link #wakeup()}.
 */
public interface GroupMembership extends AutoCloseable {

    /** Builds the membership that reports to the herder's listener. */
    interface Factory {
        GroupMembership join(WorkerCoordinator.Listener listener);
    }

    /**
     * Takes part in the group for up to {@code timeoutMs}: joins when a rebalance is due (telling the listener the
     * outcome) and heartbeats. Returns early when woken up or when an assignment arrived.
     */
    void poll(long timeoutMs);

    /** Makes a blocked {@link #poll} return soon; safe from any thread. */
    void wakeup();

    /** Asks for a rebalance at the next poll. */
    void requestRejoin(String reason);

    boolean rejoinNeededOrPending();

    /** Everything this worker holds after the last rebalance, or null before the first and after losing it all. */
    WorkerAssignment current();

    /** The member id the coordinator gave this worker, or an empty string before it joined. */
    String memberId();

    /** True while the group speaks {@code sessioned}: its members sign and check their requests to each other. */
    boolean sessioned();

    /** Leaves the group. */
    @Override
    void close();
}
