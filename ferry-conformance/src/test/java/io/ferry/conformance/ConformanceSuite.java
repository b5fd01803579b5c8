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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Apache Kafka Connect 4.3 and Ferry, each a worker of the same mode on the same broker with the same plugin.path,
 * answer every scenario with the same status codes and (normalised) JSON, except for the documented deliberate
 * differences.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {

    /** Whether both runtimes run as (one-worker) distributed clusters rather than standalone workers. */
    abstract boolean distributed();

    /** Whether both runtimes run with exactly-once source support (KIP-618) on; only clusters have it. */
    boolean exactlyOnce() {
        return false;
    }

    private EmbeddedKafkaCluster kafka;
    private WorkerProcess apache;
    private WorkerProcess ferry;
    private Runner apacheRunner;
    private Runner ferryRunner;
    private String compatibilityDoc;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("ferry-conformance-");
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        apache = worker(Kind.APACHE, "apache", work.resolve("apache"));
        ferry = worker(Kind.FERRY, "ferry", work.resolve("ferry"));
        apacheRunner = new Runner(apache, "alpha", work.resolve("apache"), kafka, signer("apache"));
        ferryRunner = new Runner(ferry, "bravo", work.resolve("ferry"), kafka, signer("ferry"));
        compatibilityDoc = Files.readString(Path.of(System.getProperty("ferry.home"), "docs", "compatibility.md"));
    }

    /** A worker in its own process, standalone or a one-worker cluster of its own for each runtime. */
    private WorkerProcess worker(Kind kind, String name, Path dir) throws Exception {
        Map<String, String> settings = ComparedWorkers.settings(kind, kafka, dir, group(name), distributed());
        if (exactlyOnce()) {
            settings.put("exactly.once.source.support", "enabled");
        }
        return WorkerProcess.start(kind, name, settings, dir,
                WorkerProcess.options().distributed(distributed()).maxHeap("512m").stopTimeout(Duration.ofSeconds(30)));
    }

    private static String group(String name) {
        return "conformance-" + name;
    }

    /** Signs requests with the session key of the runtime's cluster, read from its config topic. */
    private RequestSigner signer(String name) {
        return new RequestSigner(kafka, distributed() ? ComparedWorkers.configTopic(group(name)) : null);
    }

    @AfterAll
    void stop() throws Exception {
        if (ferry != null) {
            ferry.close();
        }
        if (apache != null) {
            apache.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> scenarios() {
        List<Scenario> scenarios = Scenarios.all();
        assertThat(scenarios).as("scenario count").hasSizeGreaterThanOrEqualTo(60);
        // -Dconformance.only=text runs just the scenarios whose names contain it, or one of several texts separated by
        // '|' (for investigating a difference).
        String only = System.getProperty("conformance.only");
        List<String> filters = only == null || only.isBlank() || only.startsWith("${") ? List.of()
                : List.of(only.split("\\|"));
        return scenarios.stream().filter(s -> filters.isEmpty() || filters.stream().anyMatch(s.name::contains))
                .map(scenario -> DynamicTest.dynamicTest(scenario.name, () -> compare(scenario)));
    }

    private void compare(Scenario scenario) throws Exception {
        List<Runner.Observation> expected = apacheRunner.run(scenario);
        List<Runner.Observation> actual = ferryRunner.run(scenario);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            Runner.Observation a = expected.get(i);
            Runner.Observation f = actual.get(i);
            if (a.status() != f.status() || !java.util.Objects.equals(a.body(), f.body())
                    || !a.request().equals(f.request())) {
                differences.add("  Apache: " + a + "\n  Ferry:  " + f);
            }
        }
        String known = KnownDifferences.forScenario(scenario.name, distributed(), exactlyOnce());
        if (known != null) {
            assertThat(compatibilityDoc).as("docs/compatibility.md explains: " + known).contains(known);
            System.out.println("Deliberate difference in '" + scenario.name + "' (" + known + "):\n" + String.join("\n", differences));
            return;
        }
        assertThat(differences).as("differences from Apache Kafka Connect in '" + scenario.name + "'").isEmpty();
    }
}
