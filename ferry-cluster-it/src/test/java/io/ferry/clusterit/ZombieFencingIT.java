package io.ferry.clusterit;

import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.placement;
import static io.ferry.clusterit.ClusterTests.sampleSource;
import static io.ferry.clusterit.ClusterTests.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Zombie fencing (KIP-618): a worker running exactly-once source tasks is suspended ({@code kill -STOP}), cut off from
 * its cluster as by a long pause or a partition, while the connector is reconfigured from six tasks to one. The old
 * tasks 1 to 5 have no successor whose producer would fence theirs, so only the leader's fencing stops them: when the
 * worker goes on ({@code kill -CONT}), its tasks are in the middle of writing their next transaction and must not be
 * able to commit it. Without the fencing, a read_committed reader would see those tasks' records after the change.
 */
class ZombieFencingIT extends OnOneBroker {

    private static final String NAME = "zombie";
    private static final String TOPIC = "zombie-seq";

    @Test
    void tasksOfAnEarlierGenerationLeftRunningOnACutOffWorkerCannotCommit() throws Exception {
        kafka.createTopic(TOPIC, 1, (short) 1);
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), NAME);
        settings.put("exactly.once.source.support", "enabled");
        settings.put("config.storage.topic", NAME + "-configs");
        for (int i = 1; i <= 3; i++) {
            workers.add(WorkerProcess.start(WorkerProcess.Kind.FERRY, NAME + "-" + i, settings, dir));
        }
        Rest rest = workers.get(0).rest();
        create(rest, NAME, sampleSource(TOPIC, 6, 100));
        awaitState(rest, List.of(NAME), 6, "RUNNING", w -> true, Duration.ofSeconds(90));

        WorkerProcess zombie = cutOffCandidate(rest);
        List<Integer> zombieTasks = placement(statuses(rest)).get(zombie.workerId()).stream()
                .filter(w -> w.startsWith(NAME + "-")).map(w -> Integer.parseInt(w.substring(NAME.length() + 1)))
                .filter(task -> task >= 1).toList();
        assertThat(zombieTasks).isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> zombieTasks.stream()
                .allMatch(task -> committed().highest(task) > 0));

        zombie.suspend();
        WorkerProcess survivor = workers.stream().filter(w -> w != zombie).findFirst().orElseThrow();
        Map<String, String> oneTask = new HashMap<>(sampleSource(TOPIC, 1, 100));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> survivor.rest().call("PUT", "/connectors/" + NAME + "/config", oneTask).status() == 200);
        // The new task 0 starts once the leader has fenced the six producers and recorded the new count.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(ZombieFencingIT::taskCountRecords, records -> records.equals(
                        List.of("{\"task-count\":6}", "{\"task-count\":1}")));
        awaitState(survivor.rest(), List.of(NAME), 1, "RUNNING", w -> !w.equals(zombie.workerId()),
                Duration.ofSeconds(90));
        TopicRecords before = committed();
        int rebalancesBefore = rebalancesSeenBy(zombie);

        zombie.resume();
        // Once it has rejoined, the worker has stopped what it ran before: the old tasks have had their chance.
        await().atMost(Duration.ofSeconds(90)).until(() -> rebalancesSeenBy(zombie) > rebalancesBefore);
        TopicRecords after = committed();

        for (int task : zombieTasks) {
            assertThat(records(after, task)).as("task %d's committed records after its worker went on (up to %d)",
                    task, after.highest(task)).isEqualTo(records(before, task));
        }
        assertThat(after.highest(0)).as("the new task goes on").isGreaterThan(before.highest(0));
        long refused = Files.readAllLines(zombie.log).stream()
                .filter(line -> line.contains("old epoch") || line.contains("ProducerFencedException")).count();
        System.out.printf("Zombie %s ran tasks %s; after it went on, %d write(s) of its tasks were refused as fenced%n",
                zombie.name, zombieTasks, refused);

        // A stopped connector's offsets change after its tasks are fenced, in a transaction of its task 0.
        Rest any = survivor.rest();
        assertThat(ClusterTests.retryingConflicts(any, "PUT", "/connectors/" + NAME + "/stop")).isEqualTo(204);
        Map<String, Object> offsets = Map.of("offsets", List.of(Map.of("partition", Map.of("task", 0),
                "offset", Map.of("seq", 5))));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> any.call("PATCH", "/connectors/" + NAME + "/offsets", offsets).status() == 200);
        assertThat(any.getJson("/connectors/" + NAME + "/offsets").path("offsets").toString())
                .contains("{\"partition\":{\"task\":0},\"offset\":{\"seq\":5}}");
        assertThat(taskCountRecords()).endsWith("{\"task-count\":0}");
        assertThat(ClusterTests.retryingConflicts(any, "PUT", "/connectors/" + NAME + "/resume")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).until(() -> committed().timesSeen(0, 6) == 2);
    }

    /** A worker that runs tasks of the connector but neither the connector itself nor the group's lead. */
    private WorkerProcess cutOffCandidate(Rest rest) throws IOException {
        Map<String, List<String>> placement = placement(statuses(rest));
        String leaderUrl = workers.get(0).lastKnownLeaderUrl();
        return workers.stream()
                .filter(w -> leaderUrl == null || !leaderUrl.startsWith(w.url()))
                .filter(w -> !placement.getOrDefault(w.workerId(), List.of()).contains(NAME))
                .filter(w -> placement.getOrDefault(w.workerId(), List.of()).stream()
                        .anyMatch(work -> work.matches(NAME + "-[1-9]")))
                .findFirst().orElseThrow(() -> new AssertionError("no worker to cut off in " + placement
                        + " (leader " + leaderUrl + ")"));
    }

    private static int records(TopicRecords records, int task) {
        return records.counts.getOrDefault(task, new TreeMap<>()).values().stream().mapToInt(Integer::intValue).sum();
    }

    private static TopicRecords committed() {
        try {
            return TopicRecords.readCommitted(kafka, TOPIC);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int rebalancesSeenBy(WorkerProcess worker) throws IOException {
        return (int) Files.readAllLines(worker.log).stream().filter(l -> l.contains("Rebalance complete")).count();
    }

    /** The values of the connector's task-count records in the config topic, in order. */
    private static List<String> taskCountRecords() {
        return kafka.readCommitted(NAME + "-configs").stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals("tasks-fencing-" + NAME))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }
}
