package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.utils.MockTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric groups' rules, on a mock clock: states, ratios, counts, start-up outcomes and removal. */
class ConnectMetricsGroupsTest {

    private static final ConnectorTaskId TASK = new ConnectorTaskId("orders", 0);
    private static final String[] TASK_TAGS = {"connector", "orders", "task", "0"};

    private final MockTime time = new MockTime(0, 1_000_000, 0);
    private final ConnectMetrics registry = MetricsReader.registry(time);
    private final MetricsReader metrics = new MetricsReader(registry);

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void aTaskReportsItsStateInLowerCaseAndTheShareOfItsLifeInEachState() {
        TaskMetrics task = new TaskMetrics(registry, TASK, ComponentState.RUNNING, Map.of("task-class", "x.Task"));
        assertThat(metrics.value("connector-task-metrics", "status", TASK_TAGS)).isEqualTo("running");
        assertThat(metrics.value("connector-task-metrics", "task-class", TASK_TAGS)).isEqualTo("x.Task");
        time.sleep(3_000);
        task.recordState(ComponentState.PAUSED);
        time.sleep(1_000);
        assertThat(metrics.value("connector-task-metrics", "status", TASK_TAGS)).isEqualTo("paused");
        assertThat(metrics.number("connector-task-metrics", "running-ratio", TASK_TAGS)).isEqualTo(0.75);
        assertThat(metrics.number("connector-task-metrics", "pause-ratio", TASK_TAGS)).isEqualTo(0.25);
        task.recordState(ComponentState.FAILED);
        assertThat(metrics.value("connector-task-metrics", "status", TASK_TAGS)).isEqualTo("failed");
        task.close();
        assertThat(metrics.hasGroup("connector-task-metrics", TASK_TAGS)).isFalse();
    }

    @Test
    void groupsLeftBehindByAFailedBuildAreReplacedSoTheTaskCanStartAgain() {
        TaskMetrics leftBehind = new TaskMetrics(registry, TASK, ComponentState.RUNNING, Map.of());
        new SourceTaskMetrics(registry, TASK).recordPoll(5, 1);
        leftBehind.recordState(ComponentState.FAILED);

        TaskMetrics again = new TaskMetrics(registry, TASK, ComponentState.PAUSED, Map.of());
        SourceTaskMetrics source = new SourceTaskMetrics(registry, TASK);
        source.recordPoll(2, 1);

        assertThat(metrics.value("connector-task-metrics", "status", TASK_TAGS)).isEqualTo("paused");
        assertThat(metrics.number("source-task-metrics", "source-record-poll-total", TASK_TAGS)).isEqualTo(2);
        again.close();
        source.close();
        assertThat(metrics.hasGroup("connector-task-metrics", TASK_TAGS)).isFalse();
        assertThat(metrics.hasGroup("source-task-metrics", TASK_TAGS)).isFalse();
    }

    @Test
    void commitPercentagesAndTimesCountSuccessfulCommitsOnly() {
        TaskMetrics task = new TaskMetrics(registry, TASK, ComponentState.RUNNING, Map.of());
        task.recordCommitSuccess(40);
        task.recordCommitSuccess(20);
        task.recordCommitFailure();
        task.recordCommitSuccess(30);
        assertThat(metrics.number("connector-task-metrics", "offset-commit-max-time-ms", TASK_TAGS)).isEqualTo(40);
        assertThat(metrics.number("connector-task-metrics", "offset-commit-avg-time-ms", TASK_TAGS)).isEqualTo(30);
        assertThat(metrics.number("connector-task-metrics", "offset-commit-success-percentage", TASK_TAGS)).isEqualTo(0.75);
        assertThat(metrics.number("connector-task-metrics", "offset-commit-failure-percentage", TASK_TAGS)).isEqualTo(0.25);
    }

    @Test
    void sourceRecordsInFlightRiseWithPollsAndFallAsKafkaAcknowledgesThem() {
        SourceTaskMetrics source = new SourceTaskMetrics(registry, TASK);
        source.recordPoll(3, 5);
        source.recordPoll(0, 7);
        assertThat(metrics.number("source-task-metrics", "source-record-active-count", TASK_TAGS)).isEqualTo(3);
        source.recordDone(true);
        source.recordDone(true);
        source.recordDone(false);
        assertThat(metrics.number("source-task-metrics", "source-record-poll-total", TASK_TAGS)).isEqualTo(3);
        assertThat(metrics.number("source-task-metrics", "source-record-write-total", TASK_TAGS)).isEqualTo(2);
        assertThat(metrics.number("source-task-metrics", "source-record-active-count", TASK_TAGS)).isZero();
        assertThat(metrics.number("source-task-metrics", "source-record-active-count-max", TASK_TAGS)).isEqualTo(3);
        assertThat(metrics.number("source-task-metrics", "poll-batch-max-time-ms", TASK_TAGS)).isEqualTo(7);
    }

    @Test
    void theWorkerCountsStartupsAndItsTasksPerConnectorAndState() {
        WorkerMetrics worker = new WorkerMetrics(registry, () -> 1, () -> 2);
        worker.recordTaskStartup(true);
        worker.recordTaskStartup(false);
        worker.recordTaskStartup(true);
        worker.recordTaskStartup(true);
        assertThat(metrics.number("connect-worker-metrics", "task-startup-attempts-total")).isEqualTo(4);
        assertThat(metrics.number("connect-worker-metrics", "task-startup-failure-total")).isEqualTo(1);
        assertThat(metrics.number("connect-worker-metrics", "task-startup-success-percentage")).isEqualTo(0.75);
        assertThat(metrics.number("connect-worker-metrics", "task-count")).isEqualTo(2);

        TaskMetrics running = new TaskMetrics(registry, TASK, ComponentState.RUNNING, Map.of());
        TaskMetrics failed = new TaskMetrics(registry, new ConnectorTaskId("orders", 1), ComponentState.RUNNING, Map.of());
        worker.taskAdded(running);
        worker.taskAdded(failed);
        failed.recordState(ComponentState.FAILED);
        assertThat(metrics.number("connect-worker-metrics", "connector-total-task-count", "connector", "orders")).isEqualTo(2);
        assertThat(metrics.number("connect-worker-metrics", "connector-running-task-count", "connector", "orders")).isEqualTo(1);
        assertThat(metrics.number("connect-worker-metrics", "connector-failed-task-count", "connector", "orders")).isEqualTo(1);
        worker.taskRemoved(running);
        assertThat(metrics.hasGroup("connect-worker-metrics", "connector", "orders")).isTrue();
        worker.taskRemoved(failed);
        assertThat(metrics.hasGroup("connect-worker-metrics", "connector", "orders")).isFalse();
    }

    @Test
    void aRebalanceLastsFromItsAssignmentUntilItsWorkHasStarted() {
        RebalanceMetrics rebalance = new RebalanceMetrics(registry);
        assertThat(metrics.number("connect-worker-rebalance-metrics", "time-since-last-rebalance-ms"))
                .isEqualTo(Double.POSITIVE_INFINITY);
        rebalance.rebalanceStarted("SESSIONED", "http://127.0.0.1:8083/", 3);
        assertThat(metrics.number("connect-worker-rebalance-metrics", "rebalancing")).isEqualTo(1.0);
        time.sleep(250);
        rebalance.rebalanceSucceeded();
        time.sleep(100);
        assertThat(metrics.number("connect-worker-rebalance-metrics", "rebalancing")).isZero();
        assertThat(metrics.number("connect-worker-rebalance-metrics", "epoch")).isEqualTo(3);
        assertThat(metrics.value("connect-worker-rebalance-metrics", "leader-name")).isEqualTo("http://127.0.0.1:8083/");
        assertThat(metrics.value("connect-worker-rebalance-metrics", "connect-protocol")).isEqualTo("SESSIONED");
        assertThat(metrics.number("connect-worker-rebalance-metrics", "rebalance-max-time-ms")).isEqualTo(250);
        assertThat(metrics.number("connect-worker-rebalance-metrics", "completed-rebalances-total")).isEqualTo(1);
        assertThat(metrics.number("connect-worker-rebalance-metrics", "time-since-last-rebalance-ms")).isEqualTo(100);
    }
}
