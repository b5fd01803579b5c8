package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A standalone worker restarts a failed task by itself: the task fails its first starts, shows FAILED with its
 * automatic restart scheduled, and is RUNNING again without any restart request.
 */
class AutoRestartIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void aTaskThatFailsItsFirstTwoStartsRunsAgainWithoutAnyRestartRequest(@TempDir Path dir) throws Exception {
        Path starts = dir.resolve("starts");
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("auto.restart.initial.delay.ms", "3000")) {
            worker.start();
            Rest rest = worker.rest();
            assertThat(rest.createConnector("flaky", Map.of("connector.class", "FailingSource", "topic", "flaky",
                    "tasks.max", "1", "fail.first.starts", "2", "start.count.file", starts.toString(),
                    "fail.message", "not yet")).status()).isEqualTo(201);

            JsonNode failed = worker.awaitTaskState("flaky", 0, "FAILED");
            assertThat(failed.has("auto_restart")).as("the status JSON stays Apache's").isFalse();
            // FAILED for at least 2.4 s (3 s less the jitter) before the first restart: a monitor sees it.
            Rest.Response health = rest.get("/connectors/flaky/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("degraded");
            JsonNode task = health.json().path("tasks").path(0);
            assertThat(task.path("state").asText()).isEqualTo("FAILED");
            assertThat(task.path("auto_restart").path("gave_up").asBoolean()).isFalse();
            assertThat(task.path("auto_restart").path("next_attempt_ms").isNumber()).isTrue();
            assertThat(task.path("auto_restart").path("last_error").asText()).contains("not yet");

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    "RUNNING".equals(worker.status("flaky").path("tasks").path(0).path("state").asText()));
            assertThat(Files.readString(starts).trim()).isEqualTo("3");
            Rest.Response healthy = rest.get("/connectors/flaky/health");
            assertThat(healthy.status()).isEqualTo(200);
            assertThat(healthy.json().path("status").asText()).isEqualTo("healthy");
            assertThat(rest.get("/connectors/nope/health").status()).isEqualTo(404);
        }
    }
}
