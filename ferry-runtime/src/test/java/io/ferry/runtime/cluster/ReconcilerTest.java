package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.StatusStore;
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
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that decide what runs, driven against a fake data plane: each step hands the reconciler the next config
 * snapshot, as the config topic (or a standalone worker's store) would after a write.
 */
class ReconcilerTest {

    private static final ConnectorTaskId TASK_0 = new ConnectorTaskId("c", 0);
    private static final ConnectorTaskId TASK_1 = new ConnectorTaskId("c", 1);

    private final FakeDataPlane worker = new FakeDataPlane();
    private final StatusStore statuses = new StatusStore();
    private final MockTime time = new MockTime();
    private final List<String> published = new ArrayList<>();
    private boolean publishFails;
    private Config config = new Config();
    private Reconciler reconciler;

    @BeforeEach
    void setUp() {
        StatusRecorder recorder = new StatusRecorder(statuses, worker.workerId(), c -> true, id -> true);
        reconciler = new Reconciler(worker, recorder, c -> reconciler.requestReconfiguration(c), this::publish, time,
                new AutoRestarts(time, new Random(42)), AutoRestartPolicy.DEFAULT);
    }

    /** As the leader would: task configs land in the next snapshot. */
    private void publish(String connector, List<Map<String, String>> configs) {
        if (publishFails) {
            throw new ConnectException("leader unreachable");
        }
        published.add(connector);
        config = config.withTasks(connector, configs);
    }

    /** Applies the current config with everything assigned here, as a standalone worker does, until it settles. */
    private void follow() {
        reconciler.reconfigurePending();
        while (reconciler.applied().offset() != config.snapshot().offset()) {
            ClusterConfig next = config.snapshot();
            reconciler.apply(next, Reconciler.Assignment.everything(next));
            reconciler.reconfigurePending();
        }
    }

    private void createConnector(String name, int tasks) {
        config = config.withConnector(name, Map.of("connector.class", "Fake", "tasks.max", Integer.toString(tasks)));
        follow();
    }

    @Test
    void aNewConnectorStartsAndItsTasksStartOnceTheirConfigsArrive() {
        createConnector("c", 2);

        assertThat(worker.events()).containsExactly("start connector c", "start task c-0", "start task c-1");
        assertThat(published).containsExactly("c");
        assertThat(statuses.connector("c").state()).isEqualTo(ComponentState.RUNNING);
        assertThat(statuses.task(TASK_1).state()).isEqualTo(ComponentState.RUNNING);
    }

    @Test
    void aReconfiguredConnectorRestartsAndItsTasksRestartOnceWithTheNewConfigs() {
        createConnector("c", 1);
        worker.clearEvents();

        config = config.withConnector("c", Map.of("connector.class", "Fake", "tasks.max", "1", "topic", "new"));
        follow();

        assertThat(worker.events()).containsExactly("stop connector c", "start connector c", "stop task c-0",
                "start task c-0");
        assertThat(worker.task(TASK_0).taskConfig()).containsEntry("topic", "new");
    }

    @Test
    void aConnectorChangeThatLeavesTheTaskConfigsAsTheyWereStillRestartsTheTasks() {
        worker.generates("c", List.of(Map.of("task", "same")));
        createConnector("c", 1);
        worker.clearEvents();

        config = config.withConnector("c", Map.of("connector.class", "Fake", "tasks.max", "1", "transforms", ""));
        follow();

        assertThat(published).containsExactly("c");
        assertThat(worker.events()).containsExactly("stop connector c", "start connector c", "stop task c-0",
                "start task c-0");
        assertThat(worker.task(TASK_0).connectorConfig()).containsKey("transforms");
    }

    @Test
    void fewerTasksStopTheOnesNoLongerConfigured() {
        createConnector("c", 2);
        worker.clearEvents();

        worker.generates("c", List.of(Map.of("task", "only")));
        worker.requestReconfiguration("c");
        follow();

        assertThat(worker.taskIds()).containsExactly(TASK_0);
        assertThat(worker.events()).contains("stop task c-1").doesNotContain("start task c-1");
    }

    @Test
    void aDeletedConnectorStopsWithItsTasks() {
        createConnector("c", 2);

        config = config.without("c");
        follow();

        assertThat(worker.connectorNames()).isEmpty();
        assertThat(worker.taskIds()).isEmpty();
    }

    @Test
    void pauseAndResumeMoveTheConnectorAndItsTasks() {
        createConnector("c", 1);

        config = config.withState("c", TargetState.PAUSED);
        follow();
        assertThat(worker.connector("c").state()).isEqualTo(TargetState.PAUSED);
        assertThat(worker.task(TASK_0).state()).isEqualTo(TargetState.PAUSED);
        assertThat(statuses.task(TASK_0).state()).isEqualTo(ComponentState.PAUSED);

        worker.clearEvents();
        config = config.withState("c", TargetState.STARTED);
        follow();
        assertThat(worker.task(TASK_0).state()).isEqualTo(TargetState.STARTED);
        assertThat(worker.events()).as("resuming restarts nothing").isEmpty();
    }

    @Test
    void aConnectorPausedBeforeItHadTaskConfigsGetsThemWhenResumed() {
        config = config.withConnector("c", Map.of("connector.class", "Fake", "tasks.max", "1"))
                .withState("c", TargetState.PAUSED);
        follow();
        assertThat(worker.taskIds()).isEmpty();

        config = config.withState("c", TargetState.STARTED);
        follow();

        assertThat(worker.taskIds()).containsExactly(TASK_0);
    }

    @Test
    void aStoppedConnectorLosesItsTasksAndStartsAfreshWhenResumed() {
        createConnector("c", 1);

        config = config.withTasks("c", List.of()).withState("c", TargetState.STOPPED);
        follow();
        assertThat(worker.taskIds()).isEmpty();
        assertThat(worker.connector("c").state()).isEqualTo(TargetState.STOPPED);

        worker.clearEvents();
        config = config.withState("c", TargetState.STARTED);
        follow();
        assertThat(worker.events()).containsExactly("stop connector c", "start connector c", "start task c-0");
    }

    @Test
    void anOnlyFailedRestartRestartsWhatFailedOrWasMarkedRestarting() {
        createConnector("c", 2);
        worker.failTask(TASK_1);
        worker.clearEvents();

        reconciler.restart("c", true, true, Reconciler.Assignment.everything(reconciler.applied()));

        assertThat(worker.events()).containsExactly("stop task c-1", "start task c-1");
        assertThat(statuses.task(TASK_1).state()).isEqualTo(ComponentState.RUNNING);

        worker.clearEvents();
        statuses.putConnector("c", new ComponentStatus(ComponentState.RESTARTING, null, worker.workerId(), 0, null));
        reconciler.restart("c", false, true, Reconciler.Assignment.everything(reconciler.applied()));
        assertThat(worker.events()).containsExactly("stop connector c", "start connector c");
    }

    @Test
    void aRestartWithTasksRestartsEverythingAssignedHere() {
        createConnector("c", 2);
        worker.clearEvents();

        reconciler.restart("c", true, false, new Reconciler.Assignment(Set.of(), Set.of(TASK_0, TASK_1)));

        assertThat(worker.events()).containsExactlyInAnyOrder("stop task c-0", "stop task c-1", "start task c-0",
                "start task c-1");
        assertThat(worker.events()).doesNotContain("stop connector c");
    }

    @Test
    void aNewAssignmentStopsWhatWasRevokedAndStartsWhatWasGiven() {
        createConnector("c", 2);
        worker.clearEvents();

        ClusterConfig current = config.snapshot();
        reconciler.assign(List.of("c"), List.of(TASK_0), current,
                new Reconciler.Assignment(Set.of(), Set.of(TASK_1)));
        assertThat(worker.connectorNames()).isEmpty();
        assertThat(worker.taskIds()).containsExactly(TASK_1);

        reconciler.assign(List.of(), List.of(), current, new Reconciler.Assignment(Set.of("c"), Set.of(TASK_0, TASK_1)));
        assertThat(worker.connectorNames()).containsExactly("c");
        assertThat(worker.taskIds()).containsExactlyInAnyOrder(TASK_0, TASK_1);
    }

    @Test
    void aTaskWhoseConnectorRunsElsewhereFollowsTheConnectorsTargetState() {
        config = config.withConnector("c", Map.of("connector.class", "Fake"))
                .withTasks("c", List.of(Map.of("task", "0")));
        ClusterConfig first = config.snapshot();
        reconciler.assign(List.of(), List.of(), first, new Reconciler.Assignment(Set.of(), Set.of(TASK_0)));
        assertThat(worker.taskIds()).containsExactly(TASK_0);

        config = config.withState("c", TargetState.PAUSED);
        reconciler.apply(config.snapshot(), new Reconciler.Assignment(Set.of(), Set.of(TASK_0)));

        assertThat(worker.task(TASK_0).state()).isEqualTo(TargetState.PAUSED);
        assertThat(worker.connectorNames()).isEmpty();
    }

    @Test
    void taskConfigsTheLeaderCouldNotTakeAreOfferedAgainAfterTheRetryDelay() {
        publishFails = true;
        createConnector("c", 1);
        assertThat(worker.taskIds()).isEmpty();
        assertThat(reconciler.reconfigurationDueInMs()).isEqualTo(Reconciler.PUBLISH_RETRY_MS);

        publishFails = false;
        follow();
        assertThat(published).as("not before the delay").isEmpty();

        time.sleep(Reconciler.PUBLISH_RETRY_MS);
        follow();
        assertThat(published).containsExactly("c");
        assertThat(worker.taskIds()).containsExactly(TASK_0);
    }

    @Test
    void aConnectorThatCannotGenerateTaskConfigsIsFailed() {
        config = config.withConnector("c", Map.of("connector.class", "Fake", "tasks.max", "not a number"));
        follow();

        assertThat(statuses.connector("c").state()).isEqualTo(ComponentState.FAILED);
        assertThat(worker.taskIds()).isEmpty();
    }

    @Test
    void aConnectorThatFailsToStartIsStartedAgainWhenItsConfigChanges() {
        worker.failsOnStart("c");
        createConnector("c", 1);
        assertThat(statuses.connector("c").state()).isEqualTo(ComponentState.FAILED);
        assertThat(worker.connectorNames()).isEmpty();

        config = config.withConnector("c", Map.of("connector.class", "Fake", "tasks.max", "2"));
        follow();
        assertThat(worker.count("start connector c")).isEqualTo(2);
    }

    /** An immutable config, each change one step further, as records of the config topic are. */
    record Config(long offset, Map<String, Map<String, String>> connectors, Map<String, TargetState> states,
                          Map<String, List<Map<String, String>>> tasks) {

        Config() {
            this(-1, Map.of(), Map.of(), Map.of());
        }

        Config withConnector(String name, Map<String, String> config) {
            Map<String, Map<String, String>> c = new HashMap<>(connectors);
            c.put(name, config);
            return new Config(offset + 1, c, states, tasks);
        }

        Config withState(String name, TargetState state) {
            Map<String, TargetState> s = new HashMap<>(states);
            s.put(name, state);
            return new Config(offset + 1, connectors, s, tasks);
        }

        Config withTasks(String name, List<Map<String, String>> configs) {
            Map<String, List<Map<String, String>>> t = new HashMap<>(tasks);
            t.put(name, List.copyOf(configs));
            return new Config(offset + 1, connectors, states, t);
        }

        Config without(String name) {
            Map<String, Map<String, String>> c = new HashMap<>(connectors);
            c.remove(name);
            Map<String, List<Map<String, String>>> t = new HashMap<>(tasks);
            t.remove(name);
            Map<String, TargetState> s = new HashMap<>(states);
            s.remove(name);
            return new Config(offset + 1, c, s, t);
        }

        ClusterConfig snapshot() {
            return new ClusterConfig(offset, new TreeMap<>(connectors), states, tasks, Set.of());
        }
    }
}
