package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The connector and task life cycle as plugins drive it: failures stay with their connector (FAILED, with the trace)
 * while everything else keeps running, and connectors can ask for new task configs.
 */
class ConnectorLifecycleIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void connectorRequestingReconfigurationGetsNewTasks(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("changing", Map.of("connector.class", "ReconfiguringSource", "topic", "generations",
                    "reconfigure.after.ms", "1000")));
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "2".equals(worker.rest().get("/connectors/changing/tasks").json().path(0).path("config").path("generation").asText()));
            worker.awaitRunning("changing", 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> kafka.consume("generations", 1, Duration.ofSeconds(10)).stream()
                    .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).startsWith("gen-2-")));
        }
    }

    @Test
    void failuresStayWithTheirConnector(@TempDir Path dir) {
        kafka.createTopic("healthy", 1, (short) 1);
        // What fails here is meant to stay FAILED: the worker's automatic restarts are off.
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("auto.restart.enable", "false")) {
            worker.start(
                    connector("healthy", Map.of("connector.class", "SampleDataSource", "topic", "healthy",
                            "rate.per.second", "100", "schema", "sequence")),
                    connector("fails-in-start", Map.of("connector.class", "FailingSource", "topic", "f1",
                            "fail.on", "start", "fail.message", "broken at start")),
                    connector("fails-in-poll", Map.of("connector.class", "FailingSource", "topic", "f2",
                            "fail.on", "poll", "fail.after.records", "3", "fail.message", "broken in poll")),
                    connector("raises-error", Map.of("connector.class", "FailingSource", "topic", "f3",
                            "connector.raise.error", "true", "fail.message", "connector gave up")),
                    connector("fails-in-put", Map.of("connector.class", "FailingSink", "topics", "healthy",
                            "fail.after.records", "5", "fail.message", "broken in put")));

            assertThat(worker.awaitTaskState("fails-in-start", 0, "FAILED").path("trace").asText())
                    .contains("broken at start").contains("at io.ferry.plugins.test.fail.FailingSourceTask.start");
            assertThat(worker.awaitTaskState("fails-in-poll", 0, "FAILED").path("trace").asText()).contains("broken in poll");
            assertThat(worker.awaitTaskState("fails-in-put", 0, "FAILED").path("trace").asText())
                    .contains("broken in put").contains("Exiting WorkerSinkTask due to unrecoverable exception");
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonNode status = worker.status("raises-error");
                return status != null && "FAILED".equals(status.path("connector").path("state").asText());
            });
            assertThat(worker.status("raises-error").path("connector").path("trace").asText()).contains("connector gave up");

            worker.awaitRunning("healthy", 1);
            int before = kafka.consume("healthy", 1, Duration.ofSeconds(30)).size();
            await().atMost(Duration.ofSeconds(30)).until(() -> kafka.consume("healthy", before + 50, Duration.ofSeconds(10)).size() >= before + 50);

            // Restarting only what failed: the failed task is restarted, the running connector is not.
            var restart = worker.rest().post("/connectors/fails-in-poll/restart?includeTasks=true&onlyFailed=true", null);
            assertThat(restart.status()).isEqualTo(202);
            assertThat(restart.json().path("connector").path("state").asText()).isEqualTo("RUNNING");
            assertThat(restart.json().path("tasks").path(0).path("state").asText()).isEqualTo("RESTARTING");
            worker.awaitTaskState("fails-in-poll", 0, "FAILED");
        }
    }
}
