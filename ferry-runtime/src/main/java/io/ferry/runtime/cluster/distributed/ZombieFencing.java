package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.ConflictException;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.ConnectorType;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.worker.DataPlane;
import io.ferry.runtime.worker.TaskFencing;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Zombie fencing of exactly-once source connectors (KIP-618), as Apache Kafka Connect does it. When a connector's
 * task configs have changed since its last task-count record ({@code tasks-fencing-<connector>} in the config topic),
 * a task of the new generation may start only after the leader has fenced the transactional producers of every task
 * the connector ran before — a task left running on a worker cut off from the group could still commit otherwise —
 * and recorded how many tasks the new generation has, which the next fencing covers. One task going on as one task
 * needs no fencing by the leader: starting the new task's producer fences the old one, as its transactional id is the
 * same. A follower asks the leader ({@code PUT /connectors/{name}/fence}), signed when the group signs its requests.
 *
 * <p>Fencing runs on the task threads (and the REST threads of the leader), never the herder thread, which only
 * writes the task-count record: task configs are written on the herder thread, so a new generation cannot slip in
 * between the last check and that write.
 */
final class ZombieFencing implements TaskFencing {

    private static final Logger log = LoggerFactory.getLogger(ZombieFencing.class);

    /** Runs work on the herder thread and returns its result. */
    interface HerderThread {
        <V> V call(Callable<V> work);
    }

    private final DataPlane worker;
    private final ClusterConfigStore configStore;
    private final LeaderClient leaderClient;
    private final Duration syncTimeout;
    private final String signatureAlgorithm;
    private final Runnable checkLeader;
    private final HerderThread herderThread;
    private final Predicate<ConnectorTaskId> assignedHere;
    private final Supplier<SecretKey> sessionKey;
    /** One fencing at a time per connector; the next finds nothing left to fence. */
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param checkLeader  throws {@link ForwardRequestException} to the leader, or a conflict during a rebalance,
     *                     unless this worker leads a stable group
     * @param assignedHere whether a task is assigned to this worker now
     * @param sessionKey   the key requests to the leader are signed with, or null when they are not signed
     */
    ZombieFencing(DataPlane worker, ClusterConfigStore configStore, LeaderClient leaderClient, Duration syncTimeout,
                  String signatureAlgorithm, Runnable checkLeader, HerderThread herderThread,
                  Predicate<ConnectorTaskId> assignedHere, Supplier<SecretKey> sessionKey) {
        this.worker = worker;
        this.configStore = configStore;
        this.leaderClient = leaderClient;
        this.syncTimeout = syncTimeout;
        this.signatureAlgorithm = signatureAlgorithm;
        this.checkLeader = checkLeader;
        this.herderThread = herderThread;
        this.assignedHere = assignedHere;
        this.sessionKey = sessionKey;
    }

    @Override
    public Integer generation(String connector) {
        return configStore.taskConfigGeneration(connector);
    }

    /** Has the leader (maybe this worker) fence the connector's earlier tasks, if that is still to be done. */
    @Override
    public void fenceZombies(ConnectorTaskId id) {
        try {
            try {
                fence(id.connector());
            } catch (ForwardRequestException toLeader) {
                leaderClient.fenceZombies(toLeader.targetUrl(), id.connector(), sessionKey.get(), signatureAlgorithm);
            }
        } catch (RuntimeException e) {
            throw new ConnectException("Failed to perform zombie fencing for task " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkStillCurrent(ConnectorTaskId id, Integer generation) {
        readToEnd("Failed to read to end of config topic before starting source task " + id);
        herderThread.call(() -> {
            if (!Objects.equals(configStore.taskConfigGeneration(id.connector()), generation)) {
                throw new ConnectException("Cannot start source task " + id + " with exactly-once support as the "
                        + "connector has already generated a new set of task configs");
            }
            if (!assignedHere.test(id)) {
                throw new ConnectException("Cannot start source task " + id + " as it has already been revoked from "
                        + "this worker");
            }
            return null;
        });
    }

    /**
     * The leader's part: fences the producers of the tasks the connector's last task-count record counts, unless
     * nothing changed since, and writes the new count. Answers for {@code PUT /connectors/{name}/fence}.
     */
    void fence(String connector) {
        synchronized (locks.computeIfAbsent(connector, c -> new Object())) {
            checkLeader.run();
            Map<String, String> config = configStore.snapshot().config(connector);
            if (config == null) {
                throw new NotFoundException("Connector " + connector + " not found");
            }
            if (worker.connectorType(config) != ConnectorType.SOURCE) {
                throw new InvalidRequestException("Connector " + connector + " is not a source connector");
            }
            readToEnd("Failed to read to end of config topic before performing zombie fencing");
            if (!configStore.pendingFencing(connector)) {
                return;
            }
            Integer generation = configStore.taskConfigGeneration(connector);
            Integer previous = configStore.taskCountRecord(connector);
            int current = configStore.snapshot().tasks(connector).size();
            int toFence = previous == null || (previous == 1 && current == 1) ? 0 : previous;
            if (toFence > 0) {
                worker.fenceProducers(connector, config, toFence);
            }
            herderThread.call(() -> {
                readToEnd("Failed to read to end of config topic");
                if (!Objects.equals(configStore.taskConfigGeneration(connector), generation)) {
                    throw new ConflictException("Fencing failed because new task configurations were generated for "
                            + "the connector");
                }
                checkLeader.run();
                configStore.putTaskCountRecord(connector, current);
                return null;
            });
            log.info("Zombie fencing of connector {} done: {} producer(s) of earlier tasks fenced, {} task(s) now",
                    connector, toFence, current);
        }
    }

    /**
     * Before a stopped source connector's offsets are altered or reset, its earlier tasks are fenced (a stopped
     * connector has no tasks, so the count recorded is 0); other connectors need nothing.
     */
    void fenceBeforeOffsetsChange(String connector) {
        Map<String, String> config = configStore.snapshot().config(connector);
        if (config == null || worker.connectorType(config) != ConnectorType.SOURCE) {
            return;
        }
        try {
            fence(connector);
        } catch (RuntimeException e) {
            throw new ConnectException("Failed to perform zombie fencing for source connector prior to modifying "
                    + "offsets", e);
        }
    }

    private void readToEnd(String failure) {
        if (!configStore.readToEnd(syncTimeout)) {
            throw new ConnectException(failure);
        }
    }
}
