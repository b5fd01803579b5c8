package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import static io.ferry.clusterit.ClusterTests.assertEvenlySpread;
import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.placement;
import static io.ferry.clusterit.ClusterTests.sampleSource;
import static io.ferry.clusterit.ClusterTests.statuses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Ferry's distributed workers, each its own process, on one real broker. */
class DistributedClusterIT extends OnOneBroker {

    private WorkerProcess worker(String name, String group) throws Exception {
        return worker(name, ClusterTests.workerSettings(kafka.bootstrapServers(), group));
    }

    private WorkerProcess worker(String name, Map<String, String> settings) throws Exception {
        WorkerProcess w = WorkerProcess.start(WorkerProcess.Kind.FERRY, name, settings, dir);
        workers.add(w);
        return w;
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(prefix + (char) ('a' + i));
        }
        return names;
    }

    @Test
    void threeWorkersSpreadSixConnectorsAndTwelveTasksEvenlyAndAllReportTheSameState() throws Exception {
        WorkerProcess a = worker("spread-1", "spread");
        WorkerProcess b = worker("spread-2", "spread");
        WorkerProcess c = worker("spread-3", "spread");
        List<String> connectors = names("spread-", 6);
        List<WorkerProcess> all = List.of(a, b, c);
        for (int i = 0; i < connectors.size(); i++) {
            // Each worker accepts writes, whichever of them leads.
            create(all.get(i % 3).rest(), connectors.get(i), sampleSource("spread-topic", 2, 5));
        }
        awaitState(a.rest(), connectors, 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEvenlySpread(placement(statuses(a.rest())), 3, 6, 12));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonNode expected = statuses(a.rest());
            assertThat(statuses(b.rest())).isEqualTo(expected);
            assertThat(statuses(c.rest())).isEqualTo(expected);
            assertThat(b.rest().getJson("/connectors/spread-c/tasks")).isEqualTo(a.rest().getJson("/connectors/spread-c/tasks"));
        });
        System.out.println("Placement with three workers: " + placement(statuses(a.rest())));
    }

    @Test
    void aKilledWorkersTasksRunAgainOnTheSurvivorsWithNothingLost() throws Exception {
        WorkerProcess a = worker("kill-1", "kill");
        WorkerProcess b = worker("kill-2", "kill");
        WorkerProcess c = worker("kill-3", "kill");
        List<String> sources = names("kill-src-", 3);
        for (String s : sources) {
            kafka.createTopic("topic-" + s, 2, (short) 1);
            create(a.rest(), s, sampleSource("topic-" + s, 2, 200));
        }
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.ferry.plugins.demo.CountingSinkConnector");
        sink.put("tasks.max", "2");
        sink.put("topics", "topic-kill-src-a");
        create(b.rest(), "kill-sink", sink);
        List<String> all = new ArrayList<>(sources);
        all.add("kill-sink");
        awaitState(a.rest(), sources, 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        awaitState(a.rest(), List.of("kill-sink"), 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                sources.stream().allMatch(s -> highest(s, 0) >= 300 && highest(s, 1) >= 300));

        WorkerProcess victim = notLeader(List.of(a, b, c));
        List<WorkerProcess> survivors = new ArrayList<>(List.of(a, b, c));
        survivors.remove(victim);
        Rest rest = survivors.get(0).rest();
        Map<String, List<String>> before = placement(statuses(rest));
        List<String> victimTasks = before.getOrDefault(victim.workerId(), List.of()).stream()
                .filter(w -> w.matches("kill-src-.-\\d")).toList();

        long killedAt = System.nanoTime();
        victim.kill();
        // Requests the dead worker sent just before it died may still land: wait until its output stops changing.
        Map<String, Long> highestAtKill = new HashMap<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Map<String, Long> now = new HashMap<>();
            for (String task : victimTasks) {
                now.put(task, highest(task.substring(0, task.lastIndexOf('-')), Integer.parseInt(task.substring(task.lastIndexOf('-') + 1))));
            }
            boolean stable = now.equals(highestAtKill);
            highestAtKill.putAll(now);
            return stable;
        });
        long uncommitted = 0;
        for (String task : victimTasks) {
            String connector = task.substring(0, task.lastIndexOf('-'));
            int id = Integer.parseInt(task.substring(task.lastIndexOf('-') + 1));
            uncommitted += highestAtKill.get(task) - committedSeq(rest, connector, id);
        }
        awaitState(rest, all, 2, "RUNNING", id -> !id.equals(victim.workerId()), Duration.ofSeconds(120));
        long recoveryMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        System.out.printf("kill -9 of %s (running %s): all tasks RUNNING again on the survivors after %d ms%n",
                victim.name, before.get(victim.workerId()), recoveryMs);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                highestAtKill.entrySet().stream().allMatch(e -> {
                    String connector = e.getKey().substring(0, e.getKey().lastIndexOf('-'));
                    int id = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('-') + 1));
                    return highest(connector, id) > e.getValue() + 200;
                }));
        for (String s : sources) {
            assertThat(ClusterTests.retryingConflicts(rest, "PUT", "/connectors/" + s + "/pause")).isEqualTo(202);
        }
        awaitState(rest, sources, 2, "PAUSED", id -> true, Duration.ofSeconds(60));

        long duplicates = 0;
        for (String s : sources) {
            TopicRecords records = TopicRecords.read(kafka, "topic-" + s);
            for (int task = 0; task < 2; task++) {
                assertThat(records.missing(task)).as("numbers of %s task %d that never arrived", s, task).isEmpty();
                duplicates += records.duplicates(task);
            }
        }
        System.out.printf("After the kill: %d duplicate record(s); %d record(s) were written but not yet committed "
                + "by the killed worker's tasks %s%n", duplicates, uncommitted, victimTasks);
        assertThat(duplicates).isLessThanOrEqualTo(uncommitted);

        // The sink's consumer group reaches the end of its topic: it went on from its committed offsets, no gap.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Set<TopicPartition> partitions = Set.of(new TopicPartition("topic-kill-src-a", 0),
                    new TopicPartition("topic-kill-src-a", 1));
            Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-kill-sink")
                        .partitionsToOffsetAndMetadata().get();
                for (TopicPartition p : partitions) {
                    assertThat(committed.get(p)).as("committed offset of %s", p).isNotNull();
                    assertThat(committed.get(p).offset()).isEqualTo(end.get(p));
                }
            });
        }
    }

    private long highest(String connector, int task) {
        try {
            return TopicRecords.read(kafka, "topic-" + connector).highest(task);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long committedSeq(Rest rest, String connector, int task) {
        for (JsonNode o : rest.getJson("/connectors/" + connector + "/offsets").path("offsets")) {
            if (o.path("partition").path("task").asInt(-1) == task) {
                return o.path("offset").path("seq").asLong();
            }
        }
        return 0;
    }

    private static WorkerProcess leader(List<WorkerProcess> workers) throws Exception {
        String url = workers.get(0).lastKnownLeaderUrl();
        for (WorkerProcess w : workers) {
            if ((w.url() + "/").equals(url)) {
                return w;
            }
        }
        throw new IllegalStateException("No worker is the leader " + url);
    }

    private static WorkerProcess notLeader(List<WorkerProcess> workers) throws Exception {
        WorkerProcess leader = leader(workers);
        return workers.stream().filter(w -> w != leader).findFirst().orElseThrow();
    }

    @Test
    void connectorsPausedBeforeTheyHaveTasksGetThemWhenResumed() throws Exception {
        WorkerProcess a = worker("early-pause-1", "early-pause");
        WorkerProcess b = worker("early-pause-2", "early-pause");
        // One is born paused, so it never ran; the other is paused at once, racing its start and first task configs.
        create(a.rest(), "born-paused", sampleSource("born-paused-topic", 2, 20), "PAUSED");
        create(a.rest(), "paused-at-once", sampleSource("paused-at-once-topic", 2, 20));
        assertThat(ClusterTests.retryingConflicts(b.rest(), "PUT", "/connectors/paused-at-once/pause")).isEqualTo(202);
        awaitState(b.rest(), List.of("born-paused"), 0, "PAUSED", id -> true, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            JsonNode status = a.rest().getJson("/connectors/paused-at-once/status");
            assertThat(status.path("connector").path("state").asText()).isEqualTo("PAUSED");
            assertThat(status.path("tasks").findValuesAsText("state")).allSatisfy(s -> assertThat(s).isEqualTo("PAUSED"));
        });

        for (String name : List.of("born-paused", "paused-at-once")) {
            assertThat(ClusterTests.retryingConflicts(b.rest(), "PUT", "/connectors/" + name + "/resume")).isEqualTo(202);
        }
        awaitState(a.rest(), List.of("born-paused", "paused-at-once"), 2, "RUNNING", id -> true, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String topic : List.of("born-paused-topic", "paused-at-once-topic")) {
                TopicRecords records = TopicRecords.read(kafka, topic);
                if (records.highest(0) == 0 || records.highest(1) == 0) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void whenTheLeaderIsKilledANewLeaderTakesOverAndChangesWorkAgain() throws Exception {
        WorkerProcess a = worker("lead-1", "lead");
        WorkerProcess b = worker("lead-2", "lead");
        WorkerProcess c = worker("lead-3", "lead");
        create(b.rest(), "lead-before", sampleSource("lead-topic", 2, 5));
        awaitState(a.rest(), List.of("lead-before"), 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(30)).until(() -> a.lastKnownLeaderUrl() != null
                && a.lastKnownLeaderUrl().equals(b.lastKnownLeaderUrl()) && b.lastKnownLeaderUrl().equals(c.lastKnownLeaderUrl()));
        WorkerProcess leader = leader(List.of(a, b, c));
        WorkerProcess survivor = leader == a ? b : a;

        long killedAt = System.nanoTime();
        leader.kill();
        create(survivor.rest(), "lead-after", sampleSource("lead-topic", 2, 5));
        long writeMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        awaitState(survivor.rest(), List.of("lead-before", "lead-after"), 2, "RUNNING",
                id -> !id.equals(leader.workerId()), Duration.ofSeconds(90));
        long allRunningMs = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        System.out.printf("kill -9 of the leader %s: REST writes accepted again after %d ms; all tasks RUNNING after %d ms%n",
                leader.name, writeMs, allRunningMs);
        assertThat(writeMs).as("time until a write succeeds again").isLessThan(60_000);
        assertThat(survivor.lastKnownLeaderUrl()).isNotEqualTo(leader.url() + "/");
    }

    @Test
    void aJoiningWorkerTakesItsShareWithoutRestartingTasksThatStayPut() throws Exception {
        WorkerProcess a = worker("join-1", "join");
        WorkerProcess b = worker("join-2", "join");
        WorkerProcess c = worker("join-3", "join");
        List<String> connectors = names("join-", 4);
        for (String name : connectors) {
            create(a.rest(), name, sampleSource("join-topic", 3, 5));
        }
        awaitState(a.rest(), connectors, 3, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEvenlySpread(placement(statuses(a.rest())), 3, 4, 12));
        Map<String, List<String>> before = placement(statuses(a.rest()));
        Map<String, Long> startsBefore = taskStarts(List.of(a, b, c));

        long joinedAt = System.nanoTime();
        WorkerProcess d = worker("join-4", "join");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
            Map<String, List<String>> now = placement(statuses(a.rest()));
            assertEvenlySpread(now, 4, 4, 12);
        });
        awaitState(a.rest(), connectors, 3, "RUNNING", id -> true, Duration.ofSeconds(30));
        long rebalanceMs = Duration.ofNanos(System.nanoTime() - joinedAt).toMillis();
        Map<String, List<String>> after = placement(statuses(a.rest()));
        System.out.printf("Worker join: the fourth worker runs %s; rebalance finished %d ms after it started%n",
                after.get(d.workerId()), rebalanceMs);

        Map<String, Long> startsAfter = taskStarts(List.of(a, b, c));
        for (WorkerProcess w : List.of(a, b, c)) {
            for (String task : after.getOrDefault(w.workerId(), List.of())) {
                if (task.matches(".*-\\d+$") && before.get(w.workerId()).contains(task)) {
                    assertThat(startsAfter.get(w.name + "/" + task)).as("starts of %s on %s", task, w.name)
                            .isEqualTo(startsBefore.get(w.name + "/" + task));
                }
            }
        }
    }

    /** How often each task was started on each worker, from the workers' logs. */
    private static Map<String, Long> taskStarts(List<WorkerProcess> workers) throws Exception {
        Map<String, Long> result = new HashMap<>();
        for (WorkerProcess w : workers) {
            for (String line : Files.readAllLines(w.log)) {
                int at = line.indexOf("Starting task ");
                if (at >= 0) {
                    String task = line.substring(at + "Starting task ".length()).split(" ")[0];
                    result.merge(w.name + "/" + task, 1L, Long::sum);
                }
            }
        }
        return result;
    }

    @Test
    void aSourceConnectorKeepsItsOffsetsInItsOwnTopicWhenItNamesOne() throws Exception {
        WorkerProcess a = worker("own-1", "own");
        kafka.createTopic("own-topic", 1, (short) 1);
        Map<String, String> config = sampleSource("own-topic", 1, 100);
        config.put("offsets.storage.topic", "own-source-offsets");
        create(a.rest(), "own-source", config);
        awaitState(a.rest(), List.of("own-source"), 1, "RUNNING", id -> true, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> committedSeq(a.rest(), "own-source", 0) >= 50);

        List<String> keys = kafka.consume("own-source-offsets", 1, Duration.ofSeconds(30)).stream()
                .map(r -> new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)).distinct().toList();
        assertThat(keys).containsExactly("[\"own-source\",{\"task\":0}]");

        assertThat(ClusterTests.retryingConflicts(a.rest(), "PUT", "/connectors/own-source/stop")).isEqualTo(204);
        awaitState(a.rest(), List.of("own-source"), 0, "STOPPED", id -> true, Duration.ofSeconds(60));
        Rest.Response altered = a.rest().call("PATCH", "/connectors/own-source/offsets",
                Map.of("offsets", List.of(Map.of("partition", Map.of("task", 0), "offset", Map.of("seq", 100_000)))));
        assertThat(altered.status()).isEqualTo(200);
        assertThat(ClusterTests.retryingConflicts(a.rest(), "PUT", "/connectors/own-source/resume")).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> TopicRecords.read(kafka, "own-topic").timesSeen(0, 100_001) == 1);
    }

    @Test
    void connectorsOnAnyWorkerGetNewTasksWhenTheyAskForReconfiguration() throws Exception {
        WorkerProcess a = worker("reconf-1", "reconf");
        WorkerProcess b = worker("reconf-2", "reconf");
        List<String> connectors = names("reconf-", 2);
        for (String name : connectors) {
            create(a.rest(), name, Map.of("connector.class", "ReconfiguringSource", "topic", "reconf-topic",
                    "reconfigure.after.ms", "3000"));
        }
        awaitState(a.rest(), connectors, 1, "RUNNING", id -> true, Duration.ofSeconds(60));
        // With two workers each runs one connector, so one of them hands its new task configs to the leader.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(placement(statuses(a.rest())).values()).allSatisfy(work ->
                        assertThat(ClusterTests.count(work, false)).isEqualTo(1)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String name : connectors) {
                assertThat(b.rest().getJson("/connectors/" + name + "/tasks").path(0).path("config").path("generation").asText())
                        .as("task generation of %s", name).isEqualTo("2");
            }
        });
        awaitState(b.rest(), connectors, 1, "RUNNING", id -> true, Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                kafka.consume("reconf-topic", 1, Duration.ofSeconds(10)).stream()
                        .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("gen-2-")));
    }

    @Test
    void aWorkerRefusesAnInternalTopicThatIsNotCompacted() throws Exception {
        kafka.admin().createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("loose-configs", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "delete")))).all().get();
        assertThatThrownBy(() -> worker("loose-1", "loose"))
                .hasMessageContaining("Topic 'loose-configs' supplied as the config storage topic has cleanup.policy=delete, "
                        + "but it must be compacted");
    }

    @Test
    void aClusterWideLogLevelReachesEveryWorkerButNotOneStartedLater() throws Exception {
        WorkerProcess a = worker("logs-1", "logs");
        WorkerProcess b = worker("logs-2", "logs");
        String logger = "/admin/loggers/io.ferry.clusterit.probe";
        assertThat(b.rest().call("PUT", logger + "?scope=cluster", Map.of("level", "DEBUG")).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (WorkerProcess w : List.of(a, b)) {
                JsonNode level = w.rest().getJson(logger);
                assertThat(level.path("level").asText()).as(w.workerId()).isEqualTo("DEBUG");
                assertThat(level.path("last_modified").isNumber()).as(w.workerId()).isTrue();
            }
        });
        // As in Apache Kafka Connect, a level set for the cluster lasts as long as the workers that applied it.
        WorkerProcess c = worker("logs-3", "logs");
        assertThat(c.rest().status(logger)).isEqualTo(404);
    }

    @Test
    void workersSignTheirRequestsToEachOtherWithTheSessionKeyTheLeaderKeepsInTheConfigTopic() throws Exception {
        WorkerProcess a = worker("signed-1", "signed");
        WorkerProcess b = worker("signed-2", "signed");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                a.lastKnownLeaderUrl() != null && a.lastKnownLeaderUrl().equals(b.lastKnownLeaderUrl()));
        WorkerProcess leader = a.lastKnownLeaderUrl().contains(":" + a.port) ? a : b;

        // The key is in Apache Kafka Connect's record, so either runtime can take over the cluster.
        byte[] record = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                kafka.readAll("signed-configs").stream()
                        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals("session-key"))
                        .map(r -> r.value()).reduce((first, second) -> second).orElse(null),
                Objects::nonNull);
        JsonNode key = Rest.JSON.readTree(record);
        assertThat(key.path("algorithm").asText()).isEqualTo("HmacSHA256");
        assertThat(Base64.getDecoder().decode(key.path("key").asText())).hasSize(32);
        assertThat(key.path("creation-timestamp").asLong()).isCloseTo(System.currentTimeMillis(), within(120_000L));

        // One connector runs on each worker: the follower's task configs reach the leader in a signed request.
        List<String> connectors = List.of("signed-a", "signed-b");
        for (String connector : connectors) {
            create(a.rest(), connector, sampleSource("signed-topic", 2, 5));
        }
        awaitState(a.rest(), connectors, 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEvenlySpread(placement(statuses(a.rest())), 2, 2, 4));

        // Anyone else posting task configs is refused, and the configs stay as they were.
        JsonNode before = leader.rest().getJson("/connectors/signed-a/tasks");
        List<Map<String, String>> forged = List.of(Map.of("task.class", "com.example.Evil"));
        Rest.Response unsigned = leader.rest().call("POST", "/connectors/signed-a/tasks", forged);
        assertThat(unsigned.status()).isEqualTo(400);
        assertThat(unsigned.json().path("message").asText()).isEqualTo("Internal request missing required signature");
        Rest.Response wronglySigned = leader.rest().call("POST", "/connectors/signed-a/tasks", forged, Map.of(
                "X-Connect-Authorization", Base64.getEncoder().encodeToString(new byte[32]),
                "X-Connect-Request-Signature-Algorithm", "HmacSHA256"));
        assertThat(wronglySigned.status()).isEqualTo(403);
        assertThat(wronglySigned.json().path("message").asText()).isEqualTo("Internal request contained invalid signature.");
        assertThat(leader.rest().getJson("/connectors/signed-a/tasks")).isEqualTo(before);
    }

    @Test
    void workersServingHttpsCallEachOtherWithTheirListenersTrustStore() throws Exception {
        // A self-signed certificate for 127.0.0.1 that only the workers' own trust store vouches for.
        Path keystore = dir.resolve("worker.p12");
        Path certificate = dir.resolve("worker.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "worker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "worker", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "worker", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "changeit");
        Map<String, String> settings = new HashMap<>(ClusterTests.workerSettings(kafka.bootstrapServers(), "tls"));
        settings.put("listeners.https.ssl.keystore.location", keystore.toString());
        settings.put("listeners.https.ssl.keystore.password", "changeit");
        settings.put("listeners.https.ssl.keystore.type", "PKCS12");
        settings.put("listeners.https.ssl.truststore.location", truststore.toString());
        settings.put("listeners.https.ssl.truststore.password", "changeit");
        settings.put("listeners.https.ssl.truststore.type", "PKCS12");
        WorkerProcess a = worker("tls-1", settings);
        WorkerProcess b = worker("tls-2", settings);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                a.lastKnownLeaderUrl() != null && a.lastKnownLeaderUrl().equals(b.lastKnownLeaderUrl()));
        WorkerProcess follower = a.lastKnownLeaderUrl().contains(":" + a.port) ? b : a;
        assertThat(follower.url()).startsWith("https://");

        // Written to a worker that does not lead, so forwarded to the leader over HTTPS.
        List<String> connectors = List.of("tls-a", "tls-b");
        for (String connector : connectors) {
            Rest.Response created = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> follower.rest().createConnector(connector, sampleSource("tls-topic", 2, 5)), r -> r.status() != 409);
            assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
        }
        // One connector runs on each worker; the follower's hands its task configs to the leader over HTTPS.
        awaitState(a.rest(), connectors, 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertEvenlySpread(placement(statuses(a.rest())), 2, 2, 4));
        assertThat(placement(statuses(follower.rest())).get(follower.workerId())).containsAnyElementsOf(connectors);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(output).isZero();
    }

    @Test
    void twoClustersOnOneBrokerStaySeparate() throws Exception {
        WorkerProcess red = worker("red-1", "red");
        WorkerProcess blue = worker("blue-1", "blue");
        create(red.rest(), "red-source", sampleSource("red-topic", 1, 5));
        create(blue.rest(), "blue-source", sampleSource("blue-topic", 1, 5));
        awaitState(red.rest(), List.of("red-source"), 1, "RUNNING", red.workerId()::equals, Duration.ofSeconds(60));
        awaitState(blue.rest(), List.of("blue-source"), 1, "RUNNING", blue.workerId()::equals, Duration.ofSeconds(60));
        assertThat(red.rest().getJson("/connectors").toString()).isEqualTo("[\"red-source\"]");
        assertThat(blue.rest().getJson("/connectors").toString()).isEqualTo("[\"blue-source\"]");
        assertThat(blue.rest().call("GET", "/connectors/red-source/status", null).status()).isEqualTo(404);
        assertThat(kafka.admin().listTopics().names().get())
                .contains("red-configs", "red-offsets", "red-status", "blue-configs", "blue-offsets", "blue-status");
    }
}
