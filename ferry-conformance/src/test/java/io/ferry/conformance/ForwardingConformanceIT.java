package io.ferry.conformance;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import io.ferry.testsupport.WorkerProcess.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Apache Kafka Connect 4.3 and Ferry, each a cluster of two workers, answer the requests a follower must forward to
 * the leader alike: forwarded, or refused once they may not be forwarded any further ({@code forward=false}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardingConformanceIT {

    private EmbeddedKafkaCluster kafka;
    private final List<WorkerProcess> workers = new ArrayList<>();
    private Runner apacheRunner;
    private Runner ferryRunner;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("ferry-forwarding-");
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        apacheRunner = new Runner(follower(Kind.APACHE, "apache", work), "alpha", work.resolve("apache"), kafka);
        ferryRunner = new Runner(follower(Kind.FERRY, "ferry", work), "bravo", work.resolve("ferry"), kafka);
    }

    /**
     * Starts a two-worker cluster of the runtime and answers its follower, once the group is settled: the leader
     * serves a request marked as the last hop ({@code forward=false}) that the follower refuses, and the follower
     * forwards the same request to the leader when it may.
     */
    private WorkerProcess follower(Kind kind, String name, Path work) throws Exception {
        Path dir = work.resolve(name);
        String group = "forwarding-" + name;
        List<WorkerProcess> cluster = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Map<String, String> settings = ComparedWorkers.settings(kind, kafka, dir, group, true);
            WorkerProcess worker = WorkerProcess.start(kind, name + "-" + i, settings, dir,
                    WorkerProcess.options().distributed(true).maxHeap("512m").stopTimeout(Duration.ofSeconds(30)));
            workers.add(worker);
            cluster.add(worker);
        }
        String probe = "/connectors/" + name + "-nobody";
        WorkerProcess[] follower = new WorkerProcess[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            int first = cluster.get(0).rest().send("DELETE", probe + "?forward=false", null, null, Map.of()).status();
            int second = cluster.get(1).rest().send("DELETE", probe + "?forward=false", null, null, Map.of()).status();
            WorkerProcess candidate = first == 404 && second == 409 ? cluster.get(1)
                    : first == 409 && second == 404 ? cluster.get(0) : null;
            if (candidate == null || candidate.rest().send("DELETE", probe, null, null, Map.of()).status() != 404) {
                return false;
            }
            follower[0] = candidate;
            return true;
        });
        return follower[0];
    }

    @AfterAll
    void stop() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        return ForwardingScenarios.all().stream().map(s -> DynamicTest.dynamicTest(s.name, () -> compare(s)));
    }

    private void compare(Scenario scenario) throws Exception {
        List<Runner.Observation> expected = apacheRunner.run(scenario);
        List<Runner.Observation> actual = ferryRunner.run(scenario);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Runner.Observation a = expected.get(i);
            Runner.Observation f = actual.get(i);
            if (a.status() != f.status() || !Objects.equals(a.body(), f.body()) || !a.request().equals(f.request())) {
                differences.add("  Apache: " + a + "\n  Ferry:  " + f);
            }
        }
        assertThat(differences).as("differences from Apache Kafka Connect in '" + scenario.name + "'").isEmpty();
    }
}
