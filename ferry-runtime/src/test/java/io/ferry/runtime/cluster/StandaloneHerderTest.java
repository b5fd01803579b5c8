package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.FileConnectorConfigStore;
import io.ferry.runtime.storage.StatusStore;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standalone herder through its requests, on its real herder thread, against a fake data plane. */
class StandaloneHerderTest {

    private static final ConnectorTaskId TASK_0 = new ConnectorTaskId("c", 0);
    private static final ConnectorTaskId TASK_1 = new ConnectorTaskId("c", 1);

    @TempDir
    Path dir;

    private final FakeDataPlane worker = new FakeDataPlane();
    private final MockTime time = new MockTime();
    private StandaloneHerder herder;

    private StandaloneHerder start(FileConnectorConfigStore store, List<ConnectorDefinition> fromFiles) {
        herder = new StandaloneHerder(worker, TestPlugins.validator(), TestPlugins.plugins(), store, new StatusStore(),
                "cluster", time);
        herder.start(fromFiles);
        return herder;
    }

    private StandaloneHerder start() {
        return start(FileConnectorConfigStore.inMemory(), List.of());
    }

    @AfterEach
    void stop() {
        if (herder != null) {
            herder.stop();
        }
    }

    private static List<String> taskStates(ConnectorStateInfo status) {
        return status.tasks().stream().map(ConnectorStateInfo.TaskState::state).toList();
    }

    @Test
    void aConnectorWhoseStartHangsDoesNotMakeTheWorkerLookDead() throws Exception {
        start();
        assertThat(herder.live()).isTrue();
        CompletableFuture<Void> hanging = worker.hangsOnStart("c");
        Thread creating = new Thread(() -> herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false));
        creating.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.events().contains("start connector c"));

        // The herder thread is held up by the plugin, which a liveness probe must not count against the worker.
        assertThat(creating.isAlive()).isTrue();
        assertThat(herder.live()).isTrue();

        hanging.complete(null);
        creating.join(10_000);
        assertThat(herder.connectorStatus("c").connector().state()).isEqualTo("RUNNING");
        StandaloneHerder stopped = herder;
        herder = null;
        stopped.stop();
        assertThat(stopped.live()).isFalse();
    }

    @Test
    void aCreatedConnectorAnswersWithItsTasksAndRuns() {
        start();

        Created<ConnectorInfo> created = herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);

        assertThat(created.created()).isTrue();
        assertThat(created.result().tasks()).containsExactly(TASK_0, TASK_1);
        assertThat(created.result().config()).containsEntry("name", "c");
        ConnectorStateInfo status = herder.connectorStatus("c");
        assertThat(status.connector().state()).isEqualTo("RUNNING");
        assertThat(taskStates(status)).containsExactly("RUNNING", "RUNNING");
        assertThatThrownBy(() -> herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false))
                .isInstanceOf(AlreadyExistsException.class);
    }

    @Test
    void anInvalidConfigIsRefusedWithNothingStored() {
        start();

        assertThatThrownBy(() -> herder.putConnectorConfig("c", Map.of("connector.class", FakeSourceConnector.CLASS,
                "tasks.max", "none"), null, false)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("tasks.max");
        assertThat(herder.connectors()).isEmpty();
        assertThat(worker.events()).isEmpty();
    }

    @Test
    void aNewConfigRestartsTheConnectorAndItsTasksOnce() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        worker.clearEvents();

        Created<ConnectorInfo> updated = herder.putConnectorConfig("c", Map.of("connector.class",
                FakeSourceConnector.CLASS, "tasks.max", "1", "topic", "t2"), null, true);

        assertThat(updated.created()).isFalse();
        assertThat(worker.events()).containsExactly("stop connector c", "start connector c", "stop task c-0",
                "start task c-0");
        assertThat(herder.taskConfigs("c").get(0).config()).containsEntry("topic", "t2");
    }

    @Test
    void pauseResumeAndStopMoveTheConnectorAndItsTasks() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);

        herder.pauseConnector("c");
        assertThat(herder.connectorStatus("c").connector().state()).isEqualTo("PAUSED");
        assertThat(taskStates(herder.connectorStatus("c"))).containsExactly("PAUSED", "PAUSED");
        assertThatThrownBy(() -> herder.resetConnectorOffsets("c")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("STOPPED");

        herder.resumeConnector("c");
        assertThat(taskStates(herder.connectorStatus("c"))).containsExactly("RUNNING", "RUNNING");

        herder.stopConnector("c");
        ConnectorStateInfo stopped = herder.connectorStatus("c");
        assertThat(stopped.connector().state()).isEqualTo("STOPPED");
        assertThat(stopped.tasks()).isEmpty();
        assertThat(herder.connectorInfo("c").tasks()).isEmpty();
        assertThat(worker.taskIds()).isEmpty();
        assertThat(herder.resetConnectorOffsets("c").message()).contains("changed");

        herder.resumeConnector("c");
        assertThat(taskStates(herder.connectorStatus("c"))).containsExactly("RUNNING", "RUNNING");
    }

    @Test
    void aConnectorCreatedPausedGetsItsTasksWhenResumed() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), TargetState.PAUSED, false);
        assertThat(herder.connectorStatus("c").connector().state()).isEqualTo("PAUSED");
        assertThat(herder.connectorStatus("c").tasks()).isEmpty();

        herder.resumeConnector("c");

        assertThat(taskStates(herder.connectorStatus("c"))).containsExactly("RUNNING");
    }

    @Test
    void statusesCarryTheVersionsOfTheInstancesThatReportedThem() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);

        ConnectorStateInfo status = herder.connectorStatus("c");
        assertThat(status.connector().version()).isEqualTo(FakeDataPlane.CONNECTOR_VERSION);
        assertThat(status.tasks()).extracting(ConnectorStateInfo.TaskState::version)
                .containsExactly(FakeDataPlane.TASK_VERSION);
        assertThat(herder.taskStatus(TASK_0).version()).isEqualTo(FakeDataPlane.TASK_VERSION);
        // A restart plan shows the versions the statuses had.
        ConnectorStateInfo plan = herder.restartConnectorAndTasks("c", true, false);
        assertThat(plan.connector().version()).isEqualTo(FakeDataPlane.CONNECTOR_VERSION);
        assertThat(plan.tasks()).extracting(ConnectorStateInfo.TaskState::version)
                .containsExactly(FakeDataPlane.TASK_VERSION);
    }

    @Test
    void aConnectorThatCouldNotBeCreatedHasNoVersionInItsStatus() {
        start();
        worker.failsOnStart("c");
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);

        ConnectorStateInfo.ConnectorState connector = herder.connectorStatus("c").connector();
        assertThat(connector.state()).isEqualTo("FAILED");
        assertThat(connector.version()).isNull();
    }

    @Test
    void requestsForAnUnknownConnectorAreNotFoundInApachesWords() {
        start();

        assertThatThrownBy(() -> herder.restartConnector("ghost")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown connector: ghost");
        assertThatThrownBy(() -> herder.restartConnectorAndTasks("ghost", true, true))
                .isInstanceOf(NotFoundException.class).hasMessage("Unknown connector: ghost");
        assertThatThrownBy(() -> herder.restartTask(new ConnectorTaskId("ghost", 0)))
                .isInstanceOf(NotFoundException.class).hasMessage("Unknown connector: ghost");
        assertThatThrownBy(() -> herder.stopConnector("ghost")).isInstanceOf(NotFoundException.class)
                .hasMessage("Unknown connector ghost");
        assertThatThrownBy(() -> herder.connectorInfo("ghost")).isInstanceOf(NotFoundException.class)
                .hasMessage("Connector ghost not found");
    }

    @Test
    void anOnlyFailedRestartShowsAndRestartsJustTheFailedTask() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        worker.failTask(TASK_1);
        worker.clearEvents();

        ConnectorStateInfo plan = herder.restartConnectorAndTasks("c", true, true);

        assertThat(plan.connector().state()).isEqualTo("RUNNING");
        assertThat(taskStates(plan)).containsExactly("RUNNING", "RESTARTING");
        assertThat(worker.events()).containsExactly("stop task c-1", "start task c-1");
        assertThat(taskStates(herder.connectorStatus("c"))).containsExactly("RUNNING", "RUNNING");
    }

    @Test
    void readinessCountsTheFailedTasksOfThisWorkerOnly() {
        StatusStore statuses = new StatusStore();
        herder = new StandaloneHerder(worker, TestPlugins.validator(), TestPlugins.plugins(),
                FileConnectorConfigStore.inMemory(), statuses, "cluster", new MockTime());
        assertThat(herder.startupComplete()).isFalse();
        herder.start(List.of());
        assertThat(herder.startupComplete()).isTrue();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        ReadinessRule rule = new ReadinessRule(true, 1);
        assertThat(herder.failedTasks()).isEmpty();
        assertThat(rule.evaluate(herder.startupComplete(), herder.failedTasks()).ready()).isTrue();

        worker.failTask(TASK_1);
        // A task another worker reports as FAILED is that worker's to answer for.
        statuses.putTask(TASK_0, new ComponentStatus(ComponentState.FAILED, "trace", "other:8083", 0, null));

        assertThat(herder.failedTasks()).containsExactly(TASK_1);
        assertThat(rule.evaluate(herder.startupComplete(), herder.failedTasks()))
                .isEqualTo(new ReadinessRule.Result(false, "1 task is FAILED: c-1"));

        herder.restartConnectorAndTasks("c", true, true);
        assertThat(herder.failedTasks()).isEmpty();
        herder.stop();
        assertThat(herder.startupComplete()).isFalse();
        herder = null;
    }

    @Test
    void restartsOfOneTaskOrTheConnectorLeaveTheRestRunning() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);
        worker.clearEvents();

        herder.restartTask(TASK_1);
        herder.restartConnector("c");

        assertThat(worker.events()).containsExactly("stop task c-1", "start task c-1", "stop connector c",
                "start connector c");
        assertThatThrownBy(() -> herder.restartTask(new ConnectorTaskId("c", 5))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void aConnectorAsksForNewTaskConfigs() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(2), null, false);

        worker.generates("c", List.of(Map.of("task", "only")));
        worker.requestReconfiguration("c");

        org.awaitility.Awaitility.await().until(() -> herder.connectorInfo("c").tasks().size() == 1);
        assertThat(worker.taskIds()).containsExactly(TASK_0);
        assertThat(herder.connectorStatus("c").tasks()).hasSize(1);
    }

    @Test
    void aDeletedConnectorIsGoneWithItsStatus() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);

        herder.deleteConnector("c");

        assertThat(herder.connectors()).isEmpty();
        assertThat(worker.connectorNames()).isEmpty();
        assertThat(worker.taskIds()).isEmpty();
        assertThatThrownBy(() -> herder.connectorStatus("c")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> herder.deleteConnector("c")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void connectorsSurviveARestartInTheirStateAndFileConnectorsFollowTheCommandLine() {
        Path file = dir.resolve("connectors.json");
        start(new FileConnectorConfigStore(file), List.of(new ConnectorDefinition("from-file", FakeSourceConnector.config(1), null)));
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        herder.pauseConnector("c");
        herder.stop();
        herder = null;

        FakeDataPlane restarted = new FakeDataPlane();
        herder = new StandaloneHerder(restarted, TestPlugins.validator(), TestPlugins.plugins(),
                new FileConnectorConfigStore(file), new StatusStore(), "cluster", new MockTime());
        herder.start(List.of());

        assertThat(herder.connectors()).containsExactly("c");
        assertThat(restarted.connector("c").state()).isEqualTo(TargetState.PAUSED);
        assertThat(herder.connectorStatus("c").connector().state()).isEqualTo(ComponentState.PAUSED.name());
    }

    @Test
    void aFailedTaskIsRestartedByTheWorkerAfterTheDelayAndTheHealthFollows() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        assertThat(herder.connectorHealth("c").status()).isEqualTo(ConnectorHealth.HEALTHY);

        worker.failTask(TASK_0);

        ConnectorHealth failed = herder.connectorHealth("c");
        assertThat(failed.status()).isEqualTo(ConnectorHealth.DEGRADED);
        assertThat(failed.tasks().get(0).state()).isEqualTo("FAILED");
        assertThat(failed.tasks().get(0).autoRestart().retrying()).isTrue();
        assertThat(herder.autoRestarts()).containsKey(new AutoRestarts.Component("c", 0));
        assertThat(herder.taskStatus(TASK_0).state()).as("FAILED first, for monitors to see").isEqualTo("FAILED");

        time.sleep(36_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> herder.taskStatus(TASK_0).state().equals("RUNNING"));
        assertThat(worker.count("start task c-0")).isEqualTo(2);
        assertThat(herder.connectorHealth("c").status()).isEqualTo(ConnectorHealth.HEALTHY);
    }

    @Test
    void pausingCallsOffAPendingRestartAndTheHealthSaysNoneWillCome() {
        start();
        herder.putConnectorConfig("c", FakeSourceConnector.config(1), null, false);
        worker.failTask(TASK_0);
        assertThat(herder.connectorHealth("c").status()).isEqualTo(ConnectorHealth.DEGRADED);

        herder.pauseConnector("c");
        herder.resumeConnector("c");
        time.sleep(3_600_000);

        // As in Apache Kafka Connect, resuming does not restart a task that failed; and no automatic restart is due.
        assertThat(herder.autoRestarts()).isEmpty();
        assertThat(herder.taskStatus(TASK_0).state()).isEqualTo("FAILED");
        ConnectorHealth health = herder.connectorHealth("c");
        assertThat(health.status()).isEqualTo(ConnectorHealth.FAILED);
        assertThat(health.tasks().get(0).autoRestart()).isNull();
        assertThat(worker.count("start task c-0")).isEqualTo(1);
    }

    @Test
    void theHealthOfAnUnknownConnectorIsNotFound() {
        start();
        assertThatThrownBy(() -> herder.connectorHealth("nope")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void validAutoRestartSettingsInAConnectorConfigAreNoErrorsAndInvalidOnesAre() {
        start();
        Map<String, String> config = new java.util.HashMap<>(FakeSourceConnector.config(1));
        config.put("name", "c");
        config.put("auto.restart.enable", "false");
        config.put("auto.restart.max.attempts", "3");
        config.put("auto.restart.initial.delay.ms", "1000");
        assertThat(herder.validateConnectorConfig(config).errorCount()).isZero();

        config.put("auto.restart.max.attempts", "many");
        assertThat(herder.validateConnectorConfig(config).errorCount()).isEqualTo(1);
        assertThatThrownBy(() -> herder.putConnectorConfig("c", config, null, false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("auto.restart.max.attempts");
    }
}
