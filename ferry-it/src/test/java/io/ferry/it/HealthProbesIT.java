package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The liveness and readiness probes of a worker whose tasks fail: liveness never depends on them, readiness does
 * when {@code health.ready.fail.on.failed.tasks} says so, and comes back once the tasks run again.
 */
class HealthProbesIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    private static Map<String, String> failingSource(String topic) {
        return Map.of("connector.class", "FailingSource", "topic", topic, "fail.on", "start", "tasks.max", "2");
    }

    @Test
    void failedTasksMakeTheWorkerNotReadyButNeverNotLive(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("health.ready.fail.on.failed.tasks", "true").start()) {
            Rest rest = worker.rest();
            assertProbe(rest.get("/health/ready"), 200, "ready");

            assertThat(rest.createConnector("probe-fails", failingSource("probe-fails")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertProbe(rest.get("/health/ready"), 503, "not_ready"));

            JsonNode notReady = rest.get("/health/ready").json();
            assertThat(notReady.path("message").asText()).isEqualTo("2 tasks are FAILED: probe-fails-0, probe-fails-1");
            assertProbe(rest.get("/health/live"), 200, "live");
            assertProbe(rest.get("/health"), 200, "healthy");

            // Once the tasks no longer fail, the worker is ready again.
            assertThat(rest.put("/connectors/probe-fails/config", Map.of("connector.class", "FailingSource",
                    "topic", "probe-fails", "fail.on", "never", "tasks.max", "2")).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertProbe(rest.get("/health/ready"), 200, "ready"));
        }
    }

    @Test
    void byDefaultFailedTasksLeaveTheWorkerReady(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            assertThat(rest.createConnector("probe-default", failingSource("probe-default")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    rest.getJson("/connectors/probe-default/status").path("tasks").findValuesAsText("state"))
                    .containsExactly("FAILED", "FAILED"));

            assertProbe(rest.get("/health/ready"), 200, "ready");
            assertProbe(rest.get("/health/live"), 200, "live");
        }
    }

    private static void assertProbe(Rest.Response response, int status, String state) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.json().path("status").asText()).isEqualTo(state);
        assertThat(response.json().path("message").asText()).isNotEmpty();
    }
}
