package io.ferry.runtime.storage;

import io.ferry.runtime.model.TargetState;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The config log the workers of a distributed cluster share: every worker reads it, the leader writes it. Writes
 * return once the record has been read back, so a {@link #snapshot()} taken afterwards includes it. The Kafka config
 * topic is the real one; unit tests of the control plane use one in memory.
 */
public interface ClusterConfigStore {

    /** Told, on the reading thread, what changed. */
    interface Listener {
        void onConnectorConfig(String connector, boolean removed);

        void onTargetState(String connector);

        void onTaskConfigs(String connector);

        void onRestartRequest(String connector, boolean includeTasks, boolean onlyFailed);

        /** A log level set for the whole cluster; only those written after this worker started are passed on. */
        void onLoggerLevel(String namespace, String level);
    }

    void setListener(Listener listener);

    void start();

    void stop();

    /** Reads the log to its end; false when that took longer than {@code timeout}. */
    boolean readToEnd(Duration timeout);

    /** The configs as read so far. */
    ClusterConfig snapshot();

    /** Creates or replaces a connector's config; {@code initialState}, when not null, is written first. */
    void putConnectorConfig(String connector, Map<String, String> config, TargetState initialState);

    void removeConnectorConfig(String connector);

    void putTargetState(String connector, TargetState state);

    /** Replaces a connector's task configs as a whole. */
    void putTaskConfigs(String connector, List<Map<String, String>> configs);

    void putRestartRequest(String connector, boolean includeTasks, boolean onlyFailed);

    /** The latest session key, or null when there is none yet. */
    SessionKey sessionKey();

    void putSessionKey(SessionKey key);

    void putLoggerLevel(String namespace, String level);

    // ---- exactly-once source support (KIP-618): zombie fencing; a store of a cluster without it keeps none ----

    /** How many tasks the connector's last task-count record says must be fenced; null when it has none. */
    default Integer taskCountRecord(String connector) {
        return null;
    }

    /** Whether task configs of the connector were committed after its last task-count record (their tasks may run). */
    default boolean pendingFencing(String connector) {
        return false;
    }

    /**
     * Counts the complete sets of task configs of the connector this worker has read, from 0 (null: none); a task
     * that started with one generation must not produce once a newer one exists.
     */
    default Integer taskConfigGeneration(String connector) {
        return null;
    }

    /** Records that the tasks of the connector's earlier generations are fenced, and how many the next fencing covers. */
    default void putTaskCountRecord(String connector, int taskCount) {
        throw new UnsupportedOperationException("This cluster keeps no task-count records");
    }

    /**
     * Called on the worker that becomes (or still is) the leader: claims the exclusive right to make the leader's
     * writes (connector and task configs, restart requests, the session key, task counts), fencing out any earlier
     * leader. Nothing when the right is already held or the store needs none (without exactly-once source support).
     *
     * @throws RuntimeException when it could not be claimed; the leader tries again later
     */
    default void claimWritePrivileges() {
    }

    /** Called on a worker that no longer leads: gives up the right {@link #claimWritePrivileges()} claimed. */
    default void releaseWritePrivileges() {
    }
}
