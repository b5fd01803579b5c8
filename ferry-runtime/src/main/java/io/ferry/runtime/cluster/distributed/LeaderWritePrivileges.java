package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.storage.ClusterConfigStore;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the leader's right to write the config topic ({@link ClusterConfigStore#claimWritePrivileges()}) in line with
 * leadership, on the herder thread: claimed when a rebalance makes this worker the leader, claimed again at the next
 * round after a failed write gave it up (the store does nothing while it holds it), retried 250 ms after a claim that
 * failed (as Apache Kafka Connect does), and given up when another worker leads, so that this one cannot write as a
 * leader any more.
 */
final class LeaderWritePrivileges {

    private static final Logger log = LoggerFactory.getLogger(LeaderWritePrivileges.class);

    static final long RETRY_BACKOFF_MS = 250;

    private final ClusterConfigStore store;
    private final Time time;
    private boolean leader;
    /** When a failed claim may be tried again; -1 when the last claim succeeded. */
    private long retryAt = -1;

    LeaderWritePrivileges(ClusterConfigStore store, Time time) {
        this.store = store;
        this.time = time;
    }

    /** After a rebalance: claims as the leader, gives up otherwise. */
    void leadership(boolean leader) {
        this.leader = leader;
        if (leader) {
            claim();
        } else {
            retryAt = -1;
            store.releaseWritePrivileges();
        }
    }

    /** Each round of the herder: the leader claims again when it lost its privileges (and any backoff is over). */
    void claimIfNeeded() {
        if (leader && time.milliseconds() >= retryAt) {
            claim();
        }
    }

    /** How long the herder may wait before {@link #claimIfNeeded()} has something to do. */
    long dueInMs() {
        return leader && retryAt >= 0 ? Math.max(0, retryAt - time.milliseconds()) : Long.MAX_VALUE;
    }

    private void claim() {
        try {
            store.claimWritePrivileges();
            retryAt = -1;
        } catch (RuntimeException e) {
            retryAt = time.milliseconds() + RETRY_BACKOFF_MS;
            log.warn("Unable to claim write privileges for the config topic as the leader; retrying in {} ms",
                    RETRY_BACKOFF_MS, e);
        }
    }
}
