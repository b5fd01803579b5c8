package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.distributed.ConnectProtocol.WorkerState;
import io.ferry.runtime.model.ConnectorTaskId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CooperativeAssignorTest {

    private static final long DELAY = 10_000;
    private final CooperativeAssignor assignor = new CooperativeAssignor(DELAY);
    /** What each member runs, as members would report it. */
    private final Map<String, WorkerAssignment> running = new LinkedHashMap<>();

    private static CooperativeAssignor.Configured configured(int connectors, int tasksEach) {
        Set<String> names = new HashSet<>();
        Set<ConnectorTaskId> tasks = new HashSet<>();
        for (int c = 0; c < connectors; c++) {
            names.add("c" + c);
            for (int t = 0; t < tasksEach; t++) {
                tasks.add(new ConnectorTaskId("c" + c, t));
            }
        }
        return new CooperativeAssignor.Configured(names, tasks);
    }

    /** One rebalance: every member in {@code running} reports, receives its share and merges it. */
    private Map<String, WorkerAssignment> rebalance(CooperativeAssignor.Configured configured, long now) {
        Map<String, WorkerState> members = new LinkedHashMap<>();
        running.forEach((id, a) -> members.put(id, new WorkerState("http://" + id + "/", 0, a)));
        Map<String, WorkerAssignment> result = assignor.assign("w1", "http://w1/", 0, members, configured, now);
        result.forEach((id, received) -> {
            WorkerAssignment before = running.get(id);
            List<String> connectors = new ArrayList<>(before == null ? List.of() : before.connectors());
            List<ConnectorTaskId> tasks = new ArrayList<>(before == null ? List.of() : before.tasks());
            connectors.removeAll(received.revokedConnectors());
            tasks.removeAll(received.revokedTasks());
            connectors.addAll(received.connectors());
            tasks.addAll(received.tasks());
            running.put(id, WorkerAssignment.current("w1", "http://w1/", 0, connectors, tasks));
        });
        return result;
    }

    private void join(String... ids) {
        for (String id : ids) {
            running.put(id, null);
        }
    }

    private Map<String, Integer> taskCounts() {
        Map<String, Integer> counts = new HashMap<>();
        running.forEach((id, a) -> counts.put(id, a == null ? 0 : a.tasks().size()));
        return counts;
    }

    @Test
    void spreadsConnectorsAndTasksEvenly() {
        join("w1", "w2", "w3");
        rebalance(configured(6, 2), 0);
        running.values().forEach(a -> {
            assertThat(a.connectors()).hasSize(2);
            assertThat(a.tasks()).hasSize(4);
        });
    }

    @Test
    void aJoiningMemberTakesAShareAndOnlySurplusWorkMoves() {
        join("w1", "w2", "w3");
        rebalance(configured(4, 3), 0);
        Map<String, WorkerAssignment> before = new HashMap<>(running);
        join("w4");
        Map<String, WorkerAssignment> first = rebalance(configured(4, 3), 1);
        assertThat(first.get("w4").tasks()).isEmpty();
        int revoked = first.values().stream().mapToInt(a -> a.revokedTasks().size()).sum();
        assertThat(revoked).isEqualTo(3);
        rebalance(configured(4, 3), 2);
        assertThat(taskCounts()).containsEntry("w4", 3).containsEntry("w1", 3).containsEntry("w2", 3).containsEntry("w3", 3);
        for (String id : List.of("w1", "w2", "w3")) {
            assertThat(before.get(id).tasks()).containsAll(running.get(id).tasks());
        }
    }

    @Test
    void holdsADepartedMembersWorkUntilTheDelayExpires() {
        join("w1", "w2", "w3");
        rebalance(configured(3, 2), 0);
        WorkerAssignment departed = running.remove("w3");
        Map<String, WorkerAssignment> held = rebalance(configured(3, 2), 1_000);
        assertThat(held.values()).allSatisfy(a -> {
            assertThat(a.tasks()).isEmpty();
            assertThat(a.delayMs()).isEqualTo((int) DELAY);
        });
        Map<String, WorkerAssignment> stillHeld = rebalance(configured(3, 2), 6_000);
        assertThat(stillHeld.get("w1").delayMs()).isEqualTo(5_000);
        rebalance(configured(3, 2), 11_000);
        Set<ConnectorTaskId> placed = new HashSet<>();
        running.values().forEach(a -> placed.addAll(a.tasks()));
        assertThat(placed).containsAll(departed.tasks()).hasSize(6);
    }

    @Test
    void aMemberThatJoinsWhileWorkIsHeldReceivesIt() {
        join("w1", "w2", "w3");
        rebalance(configured(3, 2), 0);
        WorkerAssignment departed = running.remove("w3");
        rebalance(configured(3, 2), 1_000);
        join("w3-again");
        Map<String, WorkerAssignment> result = rebalance(configured(3, 2), 2_000);
        assertThat(result.get("w3-again").tasks()).containsExactlyInAnyOrderElementsOf(departed.tasks());
        assertThat(result.get("w3-again").connectors()).containsExactlyInAnyOrderElementsOf(departed.connectors());
        assertThat(result.get("w1").delayMs()).isZero();
    }

    @Test
    void revokesDeletedAndDuplicatedWork() {
        join("w1", "w2");
        rebalance(configured(2, 2), 0);
        ConnectorTaskId shared = running.get("w1").tasks().get(0);
        WorkerAssignment w2 = running.get("w2");
        List<ConnectorTaskId> w2Tasks = new ArrayList<>(w2.tasks());
        w2Tasks.add(shared);
        running.put("w2", WorkerAssignment.current("w1", "http://w1/", 0, w2.connectors(), w2Tasks));
        Map<String, WorkerAssignment> result = rebalance(configured(1, 2), 1);
        List<ConnectorTaskId> revoked = new ArrayList<>();
        result.values().forEach(a -> revoked.addAll(a.revokedTasks()));
        assertThat(revoked).contains(new ConnectorTaskId("c1", 0), new ConnectorTaskId("c1", 1)).contains(shared);
        Set<ConnectorTaskId> placed = new HashSet<>();
        running.values().forEach(a -> a.tasks().forEach(t -> assertThat(placed.add(t)).as("placed once: %s", t).isTrue()));
        assertThat(placed).containsExactlyInAnyOrder(new ConnectorTaskId("c0", 0), new ConnectorTaskId("c0", 1));
    }
}
