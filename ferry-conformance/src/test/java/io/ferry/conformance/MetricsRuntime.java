package io.ferry.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.Ports;
import io.ferry.testsupport.WorkerProcess;
import io.ferry.testsupport.WorkerProcess.Kind;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One runtime under the metrics test: a standalone worker or a one-worker cluster, with remote JMX, running the same four connectors as the
 * other runtime under names of its own ({@code TAG-source}, ...), so that connector names, topics and consumer groups
 * never collide on the shared broker.
 */
final class MetricsRuntime implements AutoCloseable {

    /** Lines in the source's input file: what its task polls and writes, and what the sink reads and writes out. */
    static final int LINES = 50;

    /** The connectors, by role; each runtime names them TAG-ROLE. */
    static final String SOURCE = "source";
    static final String SINK = "sink";
    static final String FAILING = "failing";
    static final String PAUSED = "paused";
    static final List<String> ROLES = List.of(SOURCE, SINK, FAILING, PAUSED);

    final String label;
    final String tag;
    final WorkerProcess worker;
    final JmxClient jmx;
    private final Path outputFile;

    private MetricsRuntime(String label, String tag, WorkerProcess worker, JmxClient jmx, Path outputFile) {
        this.label = label;
        this.tag = tag;
        this.worker = worker;
        this.jmx = jmx;
        this.outputFile = outputFile;
    }

    /**
     * Starts the worker (standalone, or a one-worker cluster of its own), creates the connectors and returns once their
     * states and the sink's output are settled.
     */
    static MetricsRuntime start(Kind kind, String tag, boolean distributed, EmbeddedKafkaCluster kafka, Path work)
            throws Exception {
        String label = kind.name().toLowerCase();
        Path dir = work.resolve(tag);
        // The group is tagged, so the internal clients' ids (<group.id>-offsets, ...) compare as {rt}-group-offsets.
        Map<String, String> settings = ComparedWorkers.settings(kind, kafka, dir, tag + "-group", distributed);
        int jmxPort = Ports.freeLoopbackPort();
        WorkerProcess worker = WorkerProcess.start(kind, label, settings, dir, WorkerProcess.options().distributed(distributed)
                .maxHeap("512m").stopTimeout(Duration.ofSeconds(30)).jvmOptions(JmxClient.jvmOptions(jmxPort)));
        try {
            JmxClient jmx = JmxClient.connect(jmxPort);
            Runner runner = new Runner(worker, tag, dir, kafka);
            Scenario create = create();
            MetricsRuntime runtime = new MetricsRuntime(label, tag, worker, jmx, runner.dirOf(create).resolve("out.txt"));
            List<Runner.Observation> answers = new ArrayList<>(runner.run(create));
            // The paused source writes its lines before it is paused, so that its producer has sent to its topic (and
            // registered that topic's metrics) in both runtimes, whatever the timing.
            kafka.consume(tag + "-paused-lines", LINES, Duration.ofSeconds(60));
            answers.addAll(runner.run(pause()));
            assertThat(answers).as("%s: creating and pausing the connectors", label)
                    .allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isIn(201, 202));
            runtime.awaitSinkOutput();
            return runtime;
        } catch (Exception | AssertionError e) {
            worker.close();
            throw e;
        }
    }

    /**
     * A transformation guarded by a predicate, which leave the records' values alone: their metric groups
     * ({@code connector-transform-metrics}, {@code connector-predicate-metrics}) are compared too.
     */
    private static final String TRANSFORM = "\"transforms\":\"tag\","
            + "\"transforms.tag.type\":\"org.apache.kafka.connect.transforms.InsertHeader\","
            + "\"transforms.tag.header\":\"from\",\"transforms.tag.value.literal\":\"metrics\","
            + "\"transforms.tag.predicate\":\"any\",\"predicates\":\"any\","
            + "\"predicates.any.type\":\"org.apache.kafka.connect.transforms.predicates.TopicNameMatches\","
            + "\"predicates.any.pattern\":\".*\"";

    /** The connectors, running: two sources and a sink that run, a source whose task fails on start. */
    private static Scenario create() {
        String[] lines = IntStream.rangeClosed(1, LINES).mapToObj(i -> "line " + i).toArray(String[]::new);
        return new Scenario("metrics")
                .prepare(c -> Scenarios.input(c, lines))
                .post("/connectors", Scenarios.create("{rt}-" + SOURCE, Scenarios.sourceConfig("{rt}-lines", TRANSFORM)))
                .post("/connectors", Scenarios.create("{rt}-" + SINK, Scenarios.sinkConfig("{rt}-lines", "")))
                .post("/connectors", Scenarios.create("{rt}-" + FAILING, "{\"connector.class\":\"FailingSource\","
                        + "\"topic\":\"{rt}-failing\",\"fail.on\":\"start\",\"fail.message\":\"broken on purpose\"}"))
                .post("/connectors", Scenarios.create("{rt}-" + PAUSED, Scenarios.sourceConfig("{rt}-paused-lines", "")))
                .awaitConnector("{rt}-" + SOURCE, "RUNNING", 1)
                .awaitConnector("{rt}-" + SINK, "RUNNING", 1)
                .awaitTask("{rt}-" + FAILING, 0, "FAILED")
                .awaitConnector("{rt}-" + PAUSED, "RUNNING", 1);
    }

    private static Scenario pause() {
        return new Scenario("metrics pause")
                .put("/connectors/{rt}-" + PAUSED + "/pause", null)
                .awaitConnector("{rt}-" + PAUSED, "PAUSED", 1);
    }

    /** Waits until the sink has written every line: then the record counters of both tasks have their final values. */
    private void awaitSinkOutput() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.exists(outputFile) && Files.readAllLines(outputFile).size() >= LINES);
    }

    String connector(String role) {
        return tag + "-" + role;
    }

    /** GET /connectors/NAME/status. */
    JsonNode status(String role) {
        return worker.rest().getJson("/connectors/" + connector(role) + "/status");
    }

    /** The REST states of the connector's tasks, in task order. */
    List<String> taskStates(String role) {
        List<String> states = new ArrayList<>();
        status(role).path("tasks").forEach(task -> states.add(task.path("state").asText()));
        return states;
    }

    /** A metric's value in this runtime, or a text saying what is absent. */
    Object metric(String objectName, String attribute) throws Exception {
        return jmx.read(objectName, attribute);
    }

    @Override
    public void close() throws Exception {
        try {
            jmx.close();
        } finally {
            worker.close();
        }
    }
}
