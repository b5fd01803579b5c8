package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.ConflictException;
import io.ferry.runtime.cluster.FakeDataPlane;
import io.ferry.runtime.cluster.FakeSourceConnector;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.InvalidRequestException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Zombie fencing of exactly-once source connectors (KIP-618): which producers the leader fences before a new
 * generation of tasks starts, the task counts it records, and what a task checks once its producer started.
 */
class ZombieFencingTest {

    private static final ConnectorTaskId TASK_0 = new ConnectorTaskId("c", 0);
    private static final String LEADER_URL = "http://leader:8083/";

    private final FakeDataPlane worker = new FakeDataPlane();
    private final MemoryClusterConfigStore configStore = new MemoryClusterConfigStore();
    private final List<String> askedOfLeader = new CopyOnWriteArrayList<>();
    private volatile boolean leader = true;
    private volatile Set<ConnectorTaskId> assigned = Set.of(TASK_0);
    /** Runs before the work handed to the herder thread, as something the herder did first would. */
    private volatile Runnable beforeHerderWork = () -> { };

    private final LeaderClient leaderClient = new LeaderClient() {
        @Override
        public void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs,
                                   SecretKey key, String algorithm) {
            throw new AssertionError("not used by fencing");
        }

        @Override
        public void fenceZombies(String leaderUrl, String connector, SecretKey key, String algorithm) {
            askedOfLeader.add(leaderUrl + ": fence " + connector);
        }
    };

    private final ZombieFencing fencing = new ZombieFencing(worker, configStore, leaderClient, Duration.ofSeconds(1),
            "HmacSHA256", this::checkLeader, new ZombieFencing.HerderThread() {
                @Override
                public <V> V call(Callable<V> work) {
                    beforeHerderWork.run();
                    try {
                        return work.call();
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new ConnectException(e);
                    }
                }
            }, id -> assigned.contains(id), () -> null);

    private void checkLeader() {
        if (!leader) {
            throw new ForwardRequestException(LEADER_URL, "Changes are made by the leader");
        }
    }

    @BeforeEach
    void connector() {
        configStore.putConnectorConfig("c", FakeSourceConnector.config(3), null);
    }

    private void generateTasks(int count) {
        List<Map<String, String>> configs = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> configs.add(Map.of("task", String.valueOf(i))));
        configStore.putTaskConfigs("c", configs);
    }

    @Test
    void theFirstTasksOfAConnectorHaveNothingToFenceAndRecordTheirCount() {
        generateTasks(3);

        fencing.fenceZombies(TASK_0);

        assertThat(worker.fencedProducers()).isEmpty();
        assertThat(configStore.taskCountRecord("c")).isEqualTo(3);
        assertThat(configStore.pendingFencing("c")).isFalse();
    }

    @Test
    void eachNewGenerationFencesAsManyProducersAsTheLastRecordCounts() {
        generateTasks(3);
        fencing.fenceZombies(TASK_0);

        generateTasks(5);
        fencing.fenceZombies(TASK_0);
        assertThat(worker.fencedProducers()).containsExactly("c: 3");
        assertThat(configStore.taskCountRecord("c")).isEqualTo(5);

        generateTasks(1);
        fencing.fenceZombies(TASK_0);
        assertThat(worker.fencedProducers()).containsExactly("c: 3", "c: 5");
        assertThat(configStore.taskCountRecord("c")).isEqualTo(1);
    }

    @Test
    void oneTaskFollowingOneTaskNeedsNoFencingByTheLeaderItsOwnProducerFencesTheOldOne() {
        generateTasks(1);
        fencing.fenceZombies(TASK_0);
        generateTasks(1);

        fencing.fenceZombies(TASK_0);

        assertThat(worker.fencedProducers()).isEmpty();
        assertThat(configStore.taskCountRecord("c")).isEqualTo(1);
        assertThat(configStore.pendingFencing("c")).isFalse();
    }

    @Test
    void onceFencedTheOtherTasksOfTheGenerationFindNothingToDo() {
        generateTasks(2);
        fencing.fenceZombies(TASK_0);
        generateTasks(2);
        fencing.fenceZombies(TASK_0);
        long offset = configStore.snapshot().offset();

        fencing.fenceZombies(new ConnectorTaskId("c", 1));

        assertThat(worker.fencedProducers()).containsExactly("c: 2");
        assertThat(configStore.snapshot().offset()).as("no second record").isEqualTo(offset);
    }

    @Test
    void aFollowerAsksTheLeader() {
        leader = false;
        generateTasks(2);

        fencing.fenceZombies(TASK_0);

        assertThat(askedOfLeader).containsExactly(LEADER_URL + ": fence c");
        assertThat(configStore.taskCountRecord("c")).isNull();
        assertThatThrownBy(() -> fencing.fence("c")).isInstanceOf(ForwardRequestException.class);
    }

    @Test
    void unknownAndSinkConnectorsAreRefusedWithApachesAnswers() {
        assertThatThrownBy(() -> fencing.fence("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("Connector nope not found");
        configStore.putConnectorConfig("s", Map.of("connector.class", "FileStreamSinkConnector"), null);
        assertThatThrownBy(() -> fencing.fence("s")).isInstanceOf(InvalidRequestException.class)
                .hasMessage("Connector s is not a source connector");
    }

    @Test
    void newTaskConfigsWrittenDuringTheFencingFailItAndLeaveItPending() {
        generateTasks(3);
        fencing.fenceZombies(TASK_0);
        generateTasks(2);
        beforeHerderWork = () -> {
            beforeHerderWork = () -> { };
            generateTasks(4);
        };

        assertThatThrownBy(() -> fencing.fence("c")).isInstanceOf(ConflictException.class)
                .hasMessage("Fencing failed because new task configurations were generated for the connector");
        assertThat(configStore.taskCountRecord("c")).isEqualTo(3);
        assertThat(configStore.pendingFencing("c")).isTrue();

        // The tasks of the newest generation fence again, covering everything the last record counts.
        fencing.fenceZombies(TASK_0);
        assertThat(worker.fencedProducers()).containsExactly("c: 3", "c: 3");
        assertThat(configStore.taskCountRecord("c")).isEqualTo(4);
    }

    @Test
    void aFailedRoundOfFencingFailsTheTaskAndRecordsNothing() {
        generateTasks(2);
        fencing.fenceZombies(TASK_0);
        generateTasks(2);
        worker.failFencingWith(new ConnectException("Timed out after 90000 ms fencing the producers of connector c"));

        assertThatThrownBy(() -> fencing.fenceZombies(TASK_0)).isInstanceOf(ConnectException.class)
                .hasMessage("Failed to perform zombie fencing for task c-0: "
                        + "Timed out after 90000 ms fencing the producers of connector c");
        assertThat(configStore.taskCountRecord("c")).isEqualTo(2);
        assertThat(configStore.pendingFencing("c")).isTrue();
    }

    @Test
    void aTaskWhoseConfigsWereReplacedOrWhichWasRevokedMustNotGoOn() {
        generateTasks(2);
        Integer generation = fencing.generation("c");
        fencing.checkStillCurrent(TASK_0, generation);

        assigned = Set.of();
        assertThatThrownBy(() -> fencing.checkStillCurrent(TASK_0, generation))
                .hasMessage("Cannot start source task c-0 as it has already been revoked from this worker");

        assigned = Set.of(TASK_0);
        generateTasks(2);
        assertThatThrownBy(() -> fencing.checkStillCurrent(TASK_0, generation))
                .hasMessage("Cannot start source task c-0 with exactly-once support as the connector has already "
                        + "generated a new set of task configs");
    }
}
