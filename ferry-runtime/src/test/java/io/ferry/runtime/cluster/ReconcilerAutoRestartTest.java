package io.ferry.runtime.cluster;

import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.StatusStore;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The automatic restarts of failed work, driven against a fake data plane with a mock clock: what restarts when, how
 * the delays grow, when the count starts afresh, when it gives up, and what cancels a pending restart.
 */
class ReconcilerAutoRestartTest {

    private static final ConnectorTaskId TASK_0 = new ConnectorTaskId("c", 0);
    private static final AutoRestarts.Component TASK_0_RESTARTS = new AutoRestarts.Component("c", 0);
    private static final long INITIAL = 30_000;
    private static final long MAX = 600_000;

    private final FakeDataPlane worker = new FakeDataPlane();
    private final StatusStore statuses = new StatusStore();
    private final MockTime time = new MockTime();
    private ReconcilerTest.Config config = new ReconcilerTest.Config();
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        StatusRecorder recorder = new StatusRecorder(statuses, worker.workerId(), c -> true, id -> true);
        reconciler = new Reconciler(worker, recorder, c -> reconciler.requestReconfiguration(c),
                (connector, configs) -> config = config.withTasks(connector, configs), time,
                new AutoRestarts(time, new Random(7)), AutoRestartPolicy.DEFAULT);
    }

    private void follow() {
        reconciler.reconfigurePending();
        while (reconciler.applied().offset() != config.snapshot().offset()) {
            ClusterConfig next = config.snapshot();
            reconciler.apply(next, Reconciler.Assignment.everything(next));
            reconciler.reconfigurePending();
        }
    }

    private void createConnector(Map<String, String> extra) {
        Map<String, String> c = new HashMap<>(Map.of("connector.class", "Fake", "tasks.max", "1"));
        c.putAll(extra);
        config = config.withConnector("c", c);
        follow();
    }

    /** Lets the mock clock run to the next automatic restart and lets the reconciler carry it out. */
    private long runToNextRestart() {
        long wait = reconciler.autoRestartDueInMs();
        assertThat(wait).as("a restart is scheduled").isNotEqualTo(Long.MAX_VALUE);
        time.sleep(wait);
        reconciler.restartDue(Reconciler.Assignment.everything(reconciler.applied()));
        return wait;
    }

    private ComponentState taskState() {
        return statuses.task(TASK_0).state();
    }

    private ConnectorHealth health() {
        return ConnectorHealth.of("c", statuses.connector("c"), 1, statuses.tasksOf("c"));
    }

    @Test
    void aTaskThatFailsTwiceThenStartsIsRunningAgainWithoutAnyRequest() {
        worker.failsOnStart(TASK_0, 3);
        createConnector(Map.of());
        assertThat(taskState()).isEqualTo(ComponentState.FAILED);
        AutoRestartState state = statuses.task(TASK_0).autoRestart();
        assertThat(state.attempts()).isZero();
        assertThat(state.nextAttemptMs()).isBetween(time.milliseconds() + 24_000, time.milliseconds() + 36_000);
        assertThat(state.lastError()).isEqualTo("org.apache.kafka.connect.errors.ConnectException: task failed in start");
        assertThat(health().status()).isEqualTo(ConnectorHealth.DEGRADED);

        time.sleep(reconciler.autoRestartDueInMs() - 1);
        reconciler.restartDue(Reconciler.Assignment.everything(reconciler.applied()));
        assertThat(worker.count("start task c-0")).as("not before the delay").isEqualTo(1);

        runToNextRestart();
        runToNextRestart();
        assertThat(taskState()).isEqualTo(ComponentState.FAILED);
        assertThat(statuses.task(TASK_0).autoRestart().attempts()).isEqualTo(2);
        runToNextRestart();

        assertThat(taskState()).isEqualTo(ComponentState.RUNNING);
        assertThat(worker.count("start task c-0")).isEqualTo(4);
        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(health().status()).isEqualTo(ConnectorHealth.HEALTHY);
    }

    @Test
    void aTaskThatNeverHealsIsRestartedWithGrowingGapsWithinTheJitterAndTheCap() {
        worker.failsOnStart(TASK_0, Integer.MAX_VALUE);
        createConnector(Map.of());

        List<Long> gaps = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            gaps.add(runToNextRestart());
        }

        for (int i = 0; i < gaps.size(); i++) {
            double base = Math.min(MAX, INITIAL * Math.pow(2, i));
            assertThat(gaps.get(i)).as("gap %d", i).isBetween(Math.round(base * 0.8), Math.round(base * 1.2));
        }
        for (int i = 1; i < 5; i++) {
            assertThat(gaps.get(i)).as("gap %d grows", i).isGreaterThan(gaps.get(i - 1));
        }
        assertThat(worker.count("start task c-0")).isEqualTo(10);
        assertThat(statuses.task(TASK_0).autoRestart().maxAttempts()).isEqualTo(-1);
    }

    @Test
    void theCountStartsAfreshAfterTheTaskRanForTheHealthyPeriod() {
        worker.failsOnStart(TASK_0, 3);
        createConnector(Map.of());
        runToNextRestart();
        runToNextRestart();
        runToNextRestart();
        assertThat(taskState()).isEqualTo(ComponentState.RUNNING);

        time.sleep(600_000);
        reconciler.restartDue(Reconciler.Assignment.everything(reconciler.applied()));
        worker.failTask(TASK_0);

        AutoRestartState state = statuses.task(TASK_0).autoRestart();
        assertThat(state.attempts()).isZero();
        assertThat(state.nextAttemptMs() - time.milliseconds()).as("the first delay again").isBetween(24_000L, 36_000L);
    }

    @Test
    void aFailureSoonAfterARestartKeepsCounting() {
        worker.failsOnStart(TASK_0, 1);
        createConnector(Map.of());
        runToNextRestart();
        assertThat(taskState()).isEqualTo(ComponentState.RUNNING);

        time.sleep(1_000);
        worker.failTask(TASK_0);

        assertThat(statuses.task(TASK_0).autoRestart().attempts()).isEqualTo(1);
        assertThat(reconciler.autoRestartDueInMs()).isBetween(48_000L, 72_000L);
    }

    @Test
    void whenTheConnectorsLimitIsReachedTheTaskStaysFailed() {
        worker.failsOnStart(TASK_0, Integer.MAX_VALUE);
        createConnector(Map.of("auto.restart.max.attempts", "2", "auto.restart.initial.delay.ms", "1000"));
        assertThat(reconciler.autoRestartDueInMs()).as("the connector's own delay").isBetween(800L, 1_200L);
        runToNextRestart();
        runToNextRestart();

        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(taskState()).isEqualTo(ComponentState.FAILED);
        AutoRestartState state = statuses.task(TASK_0).autoRestart();
        assertThat(state.gaveUp()).isTrue();
        assertThat(state.attempts()).isEqualTo(2);
        assertThat(state.nextAttemptMs()).isNull();
        assertThat(health().status()).isEqualTo(ConnectorHealth.FAILED);
        time.sleep(3_600_000);
        reconciler.restartDue(Reconciler.Assignment.everything(reconciler.applied()));
        assertThat(worker.count("start task c-0")).isEqualTo(3);
    }

    @Test
    void failuresARestartCannotFixAreNotRetried() {
        createConnector(Map.of());

        worker.failTask(TASK_0, new ConnectException("Failed to build", new ConfigException("converter", "x", "bad")));

        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(statuses.task(TASK_0).autoRestart().gaveUp()).isTrue();
        assertThat(AutoRestartPolicy.unhealable(new ConnectException("x", new ClassNotFoundException("y")))).isNotNull();
        assertThat(AutoRestartPolicy.unhealable(new io.ferry.runtime.worker.MissingPluginException("none"))).isNotNull();
        assertThat(AutoRestartPolicy.unhealable(new ConfigException("No resolvable bootstrap urls given in bootstrap.servers")))
                .as("DNS may heal").isNull();
        assertThat(AutoRestartPolicy.unhealable(new ConnectException("broker down"))).isNull();
    }

    @Test
    void turnedOffForAConnectorItsFailedTaskStaysFailedAndShowsNoSchedule() {
        createConnector(Map.of("auto.restart.enable", "false"));

        worker.failTask(TASK_0);

        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(statuses.task(TASK_0).autoRestart()).isNull();
        assertThat(health().status()).isEqualTo(ConnectorHealth.FAILED);
    }

    @Test
    void pausingStoppingOrDeletingTheConnectorCancelsThePendingRestart() {
        createConnector(Map.of());
        worker.failTask(TASK_0);
        config = config.withState("c", TargetState.PAUSED);
        follow();
        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);

        config = config.withState("c", TargetState.STARTED);
        follow();
        worker.failTask(TASK_0);
        config = config.withTasks("c", List.of()).withState("c", TargetState.STOPPED);
        follow();
        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);

        config = config.withState("c", TargetState.STARTED);
        follow();
        worker.failTask(TASK_0);
        config = config.without("c");
        follow();
        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
        assertThat(reconciler.autoRestarts().states()).isEmpty();
    }

    @Test
    void aRestartByHandOrAConfigChangeStartsTheScheduleAfresh() {
        worker.failsOnStart(TASK_0, 2);
        createConnector(Map.of());
        runToNextRestart();
        assertThat(statuses.task(TASK_0).autoRestart().attempts()).isEqualTo(1);

        reconciler.restartTask(TASK_0);
        assertThat(taskState()).isEqualTo(ComponentState.RUNNING);
        assertThat(reconciler.autoRestarts().state(TASK_0_RESTARTS)).isNull();

        worker.failTask(TASK_0);
        runToNextRestart();
        worker.failTask(TASK_0);
        assertThat(statuses.task(TASK_0).autoRestart().attempts()).isEqualTo(1);
        createConnector(Map.of("topic", "changed"));
        assertThat(reconciler.autoRestarts().state(TASK_0_RESTARTS)).isNull();
        assertThat(taskState()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void aConnectorThatFailsToStartIsRestartedAutomatically() {
        worker.failsOnStart("c");
        createConnector(Map.of());
        assertThat(statuses.connector("c").state()).isEqualTo(ComponentState.FAILED);
        assertThat(statuses.connector("c").autoRestart().retrying()).isTrue();

        worker.healConnector("c");
        runToNextRestart();
        follow();

        assertThat(statuses.connector("c").state()).isEqualTo(ComponentState.RUNNING);
        assertThat(worker.taskIds()).containsExactly(TASK_0);
    }

    @Test
    void workThatMovedToAnotherWorkerIsNotRestartedHere() {
        createConnector(Map.of());
        worker.failTask(TASK_0);

        reconciler.assign(List.of(), List.of(TASK_0), config.snapshot(), new Reconciler.Assignment(Set.of("c"), Set.of()));

        assertThat(reconciler.autoRestartDueInMs()).isEqualTo(Long.MAX_VALUE);
    }
}
