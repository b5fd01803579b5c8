package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.FakeDataPlane;
import io.ferry.runtime.cluster.FakeSourceConnector;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.cluster.InternalRequestRejectedException;
import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.cluster.Reconciler;
import io.ferry.runtime.cluster.TestPlugins;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.TaskFencing;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The distributed herder on its real herder thread, with a config log in memory, a fake data plane and a fake group
 * membership: what the leader writes, what each rebalance starts and stops, and when the worker rejoins.
 */
class DistributedHerderTest {

    private static final ConnectorTaskId TASK_0 = new ConnectorTaskId("c", 0);
    private static final ConnectorTaskId TASK_1 = new ConnectorTaskId("c", 1);

    private final FakeDataPlane worker = new FakeDataPlane();
    private final MemoryClusterConfigStore configStore = new MemoryClusterConfigStore();
    private final StatusStore statuses = new StatusStore();
    private final MockTime time = new MockTime();
    private final AtomicReference<FakeMembership> membership = new AtomicReference<>();
    /** What the herder handed to the leader: "leader url: connector and its task configs". */
    private final List<String> handedToLeader = new CopyOnWriteArrayList<>();
    private volatile boolean leaderUnreachable;
    private Consumer<FakeMembership> groupSetup = m -> { };
    private DistributedHerder herder;

    private void toLeader(String leaderUrl, String connector, List<Map<String, String>> configs, SecretKey key,
                          String algorithm) {
        if (leaderUnreachable) {
            throw new ConnectException("Could not reach the leader at " + leaderUrl);
        }
        handedToLeader.add(leaderUrl + ": " + connector + " " + configs);
    }

    private final LeaderClient leaderClient = new LeaderClient() {
        @Override
        public void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs,
                                   SecretKey key, String algorithm) {
            toLeader(leaderUrl, connector, configs, key, algorithm);
        }

        @Override
        public void fenceZombies(String leaderUrl, String connector, SecretKey key, String algorithm) {
            handedToLeader.add(leaderUrl + ": fence " + connector);
        }
    };

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9", "group.id", "g",
                "config.storage.topic", "configs", "offset.storage.topic", "offsets", "status.storage.topic", "statuses"));
        all.putAll(settings);
        DistributedConfig config = new DistributedConfig(all);
        herder = new DistributedHerder(worker, TestPlugins.validator(), TestPlugins.plugins(), config, configStore,
                statuses, "cluster", FakeMembership.URL, leaderClient, listener -> {
                    FakeMembership fake = new FakeMembership(listener);
                    groupSetup.accept(fake);
                    membership.set(fake);
                    return fake;
                }, time);
        herder.start();
    }

    @AfterEach
    void stop() {
        if (herder != null) {
            herder.stop();
        }
    }

    private void awaitTasks(ConnectorTaskId... tasks) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(worker.taskIds()).containsExactlyInAnyOrder(tasks));
    }

    private List<String> taskStates(String connector) {
        return herder.connectorStatus(connector).tasks().stream().map(ConnectorStateInfo.TaskState::state).toList();
    }

    @Test
    void aConnectorCreatedOnTheLeaderIsAssignedHereAndItsTaskConfigsAreWrittenAndRun() {
        start();
        assertThat(herder.ready()).isTrue();

        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);

        awaitTasks(TASK_0, TASK_1);
        assertThat(configStore.snapshot().tasks("c")).hasSize(2);
        assertThat(worker.connectorNames()).containsExactly("c");
        assertThat(membership.get().rejoinReasons()).contains("connectors or tasks were added or removed");
        await().untilAsserted(() -> assertThat(taskStates("c")).containsExactly("RUNNING", "RUNNING"));
    }

    @Test
    void startupIsCompleteOnlyOnceTheWorkerHasJoinedItsGroupAndItsFailedTasksCount() {
        groupSetup = FakeMembership::holdJoin;
        Thread starting = new Thread(this::start, "starting");
        starting.start();
        // start() waits for the first rebalance for the rebalance timeout at most, on the mock clock; let it pass.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            time.sleep(60_001);
            return !starting.isAlive();
        });

        assertThat(herder.ready()).isTrue();
        assertThat(herder.startupComplete()).isFalse();
        assertThat(herder.live()).isTrue();

        membership.get().releaseJoin();
        await().atMost(Duration.ofSeconds(10)).until(herder::startupComplete);

        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);
        await().untilAsserted(() -> assertThat(taskStates("c")).containsExactly("RUNNING", "RUNNING"));
        worker.failTask(TASK_0);
        assertThat(herder.failedTasks()).containsExactly(TASK_0);

        herder.stop();
        assertThat(herder.startupComplete()).isFalse();
        assertThat(herder.live()).isFalse();
    }

    @Test
    void pauseResumeAndStopAreWrittenAsTargetStatesAndFollowed() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        awaitTasks(TASK_0);

        herder.pauseConnector("c");
        assertThat(configStore.snapshot().targetState("c")).isEqualTo(TargetState.PAUSED);
        await().until(() -> worker.task(TASK_0).state() == TargetState.PAUSED);

        herder.resumeConnector("c");
        await().until(() -> worker.task(TASK_0).state() == TargetState.STARTED);

        herder.stopConnector("c");
        assertThat(configStore.snapshot().tasks("c")).isEmpty();
        awaitTasks();
        assertThat(herder.connectorStatus("c").connector().state()).isEqualTo("STOPPED");

        herder.resumeConnector("c");
        awaitTasks(TASK_0);
    }

    @Test
    void aConnectorCreatedPausedGetsItsTasksWhenResumed() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), TargetState.PAUSED, false);
        await().until(() -> worker.connector("c") != null);
        assertThat(worker.taskIds()).isEmpty();

        herder.resumeConnector("c");

        awaitTasks(TASK_0);
    }

    @Test
    void aRestartIsWrittenMarkedAndCarriedOutForWhatFailed() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);
        await().until(() -> taskStates("c").equals(List.of("RUNNING", "RUNNING")));
        worker.failTask(TASK_1);
        worker.clearEvents();

        ConnectorStateInfo plan = herder.restartConnectorAndTasks("c", true, true);

        assertThat(plan.tasks().stream().map(ConnectorStateInfo.TaskState::state)).containsExactly("RUNNING", "RESTARTING");
        assertThat(configStore.restartRequests()).containsExactly("c with tasks only failed");
        await().untilAsserted(() -> assertThat(worker.events()).containsExactly("stop task c-1", "start task c-1"));
        await().until(() -> taskStates("c").equals(List.of("RUNNING", "RUNNING")));
    }

    @Test
    void revokedWorkStopsAndTheWorkerRejoinsToHaveItReassigned() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);
        worker.clearEvents();

        membership.get().rebalanceWith(new WorkerAssignment(WorkerAssignment.NO_ERROR, FakeMembership.MEMBER_ID,
                FakeMembership.URL, configStore.snapshot().offset(), List.of(), List.of(), List.of(), List.of(TASK_1), 0));

        // Alone in its group, the worker is given the task back by the rebalance it asks for once it stopped it.
        await().untilAsserted(() -> assertThat(worker.events()).containsExactly("stop task c-1", "start task c-1"));
        assertThat(membership.get().rejoinReasons()).contains("revoked work has stopped");
        assertThat(worker.connectorNames()).containsExactly("c");
    }

    @Test
    void workHeldBackForADepartedMemberIsReassignedOnceTheDelayExpires() {
        start();
        String reason = "the delay for work of departed members expired";
        membership.get().rebalanceWith(new WorkerAssignment(WorkerAssignment.NO_ERROR, FakeMembership.MEMBER_ID,
                FakeMembership.URL, configStore.snapshot().offset(), List.of(), List.of(), List.of(), List.of(), 5_000));
        await().until(() -> membership.get().generation() == 2);
        herder.healthy(10_000);
        assertThat(membership.get().rejoinReasons()).doesNotContain(reason);

        time.sleep(5_000);
        membership.get().wakeup();

        await().untilAsserted(() -> assertThat(membership.get().rejoinReasons()).contains(reason));
    }

    @Test
    void aFollowerSendsChangesToTheLeader() {
        start();
        membership.get().rebalanceWith(new WorkerAssignment(WorkerAssignment.NO_ERROR, "member-0",
                "http://leader:8083/", configStore.snapshot().offset(), List.of(), List.of(), List.of(), List.of(), 0));
        await().until(() -> "member-0".equals(membership.get().current().leader()));
        herder.healthy(10_000);

        assertThatThrownBy(() -> herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false))
                .isInstanceOf(ForwardRequestException.class)
                .extracting(e -> ((ForwardRequestException) e).targetUrl()).isEqualTo("http://leader:8083/");
        assertThat(configStore.snapshot().connectors()).isEmpty();
    }

    @Test
    void newTaskConfigsAConnectorAsksForAreWrittenByTheLeaderAndFollowed() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);
        await().until(() -> taskStates("c").size() == 2);

        worker.generates("c", List.of(Map.of("task", "only")));
        worker.requestReconfiguration("c");

        awaitTasks(TASK_0);
        assertThat(configStore.snapshot().tasks("c")).containsExactly(Map.of("task", "only"));
        assertThat(worker.task(TASK_0).taskConfig()).containsEntry("task", "only");
        assertThat(statuses.task(TASK_1)).as("the removed task's status").isNull();
    }

    @Test
    void aDeletedConnectorStopsWithItsTasksAndItsStatusIsGone() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);

        herder.deleteConnector("c");

        awaitTasks();
        await().until(() -> worker.connectorNames().isEmpty());
        assertThat(configStore.snapshot().contains("c")).isFalse();
        assertThat(statuses.connector("c")).isNull();
        assertThat(statuses.tasksOf("c")).isEmpty();
    }

    @Test
    void aWorkerThatLosesItsMembershipStopsEverythingAndRunsWhatItIsGivenAgain() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        awaitTasks(TASK_0);
        worker.clearEvents();

        membership.get().loseMembership("membership lost");

        await().untilAsserted(() -> assertThat(worker.events()).containsExactly("stop task c-0", "stop connector c",
                "start task c-0", "start connector c"));
    }

    @Test
    void anAssignmentTheLeaderCouldNotComputeMakesTheWorkerRejoin() {
        start();
        membership.get().rebalanceWith(new WorkerAssignment(WorkerAssignment.CONFIG_MISMATCH, FakeMembership.MEMBER_ID,
                FakeMembership.URL, configStore.snapshot().offset(), List.of(), List.of(), List.of(), List.of(), 0));

        await().until(() -> membership.get().rejoinReasons().contains("config mismatch"));
        await().until(() -> membership.get().generation() == 3);
        herder.healthy(10_000);
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        awaitTasks(TASK_0);
    }

    @Test
    void theLeaderOfASignedGroupKeepsASessionKeyAndReplacesItWhenItExpires() {
        start();
        membership.get().speakSessioned();
        membership.get().wakeup();
        await().until(() -> configStore.sessionKey() != null);
        var first = configStore.sessionKey();

        time.sleep(Duration.ofHours(1).toMillis());
        membership.get().wakeup();

        await().until(() -> !first.equals(configStore.sessionKey()));
        assertThat(configStore.sessionKey().creationTimestamp()).isEqualTo(time.milliseconds());
    }

    @Test
    void withExactlyOnceSupportTheLeaderFencesOnRequestAndASignedGroupRefusesUnsignedRequests() {
        start(Map.of("exactly.once.source.support", "enabled"));
        assertThat(worker.taskFencing()).isNotSameAs(TaskFencing.NONE);
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);

        herder.fenceZombies("c", null);
        assertThat(configStore.taskCountRecord("c")).isEqualTo(2);

        membership.get().speakSessioned();
        membership.get().wakeup();
        await().until(() -> configStore.sessionKey() != null);
        assertThatThrownBy(() -> herder.fenceZombies("c", null)).isInstanceOf(InternalRequestRejectedException.class)
                .hasMessage("Internal request missing required signature");
        byte[] empty = new byte[0];
        String signature = InternalRequestSignature.sign(configStore.sessionKey().key(), "HmacSHA256", empty);
        herder.fenceZombies("c", InternalRequestSignature.fromRequest(signature, "HmacSHA256", empty));
    }

    @Test
    void withExactlyOnceSupportAStoppedSourceConnectorsTasksAreFencedBeforeItsOffsetsChange() {
        start(Map.of("exactly.once.source.support", "enabled"));
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        awaitTasks(TASK_0, TASK_1);
        herder.fenceZombies("c", null);
        herder.stopConnector("c");
        awaitTasks();

        herder.alterConnectorOffsets("c", Map.of(Map.of("file", "a"), Map.of("line", 7)));

        assertThat(worker.fencedProducers()).containsExactly("c: 2");
        assertThat(configStore.taskCountRecord("c")).isZero();

        herder.resumeConnector("c");
        awaitTasks(TASK_0, TASK_1);
        herder.fenceZombies("c", null);
        herder.stopConnector("c");
        awaitTasks();
        worker.failFencingWith(new ConnectException("Timed out after 90000 ms fencing the producers of connector c"));
        assertThatThrownBy(() -> herder.resetConnectorOffsets("c")).isInstanceOf(ConnectException.class)
                .hasMessage("Failed to perform zombie fencing for source connector prior to modifying offsets");
    }

    @Test
    void withoutExactlyOnceSupportTasksStartUnfenced() {
        start();
        assertThat(worker.taskFencing()).isSameAs(TaskFencing.NONE);
    }

    @Test
    void aFollowerHandsItsConnectorsTaskConfigsToTheLeaderAndTriesAgainWhenItCannot() {
        configStore.putConnectorConfig("c", Map.of("name", "c", "connector.class", FakeSourceConnector.CLASS,
                "tasks.max", "1"), null);
        leaderUnreachable = true;
        groupSetup = fake -> fake.ledBy("member-0", "http://leader:8083/");
        start();
        await().until(() -> worker.connector("c") != null);
        herder.healthy(10_000);
        assertThat(handedToLeader).isEmpty();

        leaderUnreachable = false;
        time.sleep(Reconciler.PUBLISH_RETRY_MS);
        membership.get().wakeup();

        await().until(() -> handedToLeader.size() == 1);
        assertThat(handedToLeader.get(0)).startsWith("http://leader:8083/: c [");
        assertThat(configStore.snapshot().tasks("c")).as("only the leader writes task configs").isEmpty();
    }

    @Test
    void aFollowerRestartsAConnectorItRunsItselfAndHasTheLeaderWriteEveryOtherRestart() {
        configStore.putConnectorConfig("c", Map.of("name", "c", "connector.class", FakeSourceConnector.CLASS,
                "tasks.max", "1"), null);
        groupSetup = fake -> fake.ledBy("member-0", "http://leader:8083/");
        start();
        await().until(() -> worker.connector("c") != null);
        herder.healthy(10_000);
        worker.clearEvents();

        herder.restartConnector("c");

        assertThat(worker.events()).contains("start connector c");
        assertThat(configStore.restartRequests()).isEmpty();
        assertThatThrownBy(() -> herder.restartConnectorAndTasks("c", true, false))
                .isInstanceOf(ForwardRequestException.class)
                .extracting(e -> ((ForwardRequestException) e).targetUrl()).isEqualTo("http://leader:8083/");
        assertThatThrownBy(() -> herder.restartConnector("ghost"))
                .isInstanceOf(org.apache.kafka.connect.errors.NotFoundException.class)
                .hasMessage("Unknown connector: ghost");
    }

    @Test
    void aTaskThatFailedHereIsRestartedHereAfterTheDelayWithoutAnyRequest() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        awaitTasks(TASK_0);
        await().until(() -> taskStates("c").equals(List.of("RUNNING")));

        long configOffset = configStore.snapshot().offset();
        worker.failTask(TASK_0);
        assertThat(statuses.task(TASK_0).autoRestart().retrying()).as("visible in the status record").isTrue();
        assertThat(herder.connectorHealth("c").status()).isEqualTo(io.ferry.runtime.model.ConnectorHealth.DEGRADED);

        time.sleep(36_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> taskStates("c").equals(List.of("RUNNING")));
        assertThat(worker.count("start task c-0")).isEqualTo(2);
        assertThat(configStore.snapshot().offset()).as("the restart went through no config record")
                .isEqualTo(configOffset);
    }

    @Test
    void aPausedConnectorsFailedTaskIsNotRestarted() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        awaitTasks(TASK_0);
        worker.failTask(TASK_0);

        herder.pauseConnector("c");
        await().until(() -> herder.autoRestarts().isEmpty());
        time.sleep(3_600_000);
        herder.healthy(10_000);

        assertThat(worker.count("start task c-0")).isEqualTo(1);
    }
}
