package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.ferry.clusterit.ClusterTests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Automatic restarts in a cluster: the worker that runs a failed task keeps its restart schedule and shows it in the
 * status topic, so every worker can tell; when that worker dies during the backoff, the task runs again on another
 * worker, without any restart request.
 */
class AutoRestartClusterIT extends OnOneBroker {

    private WorkerProcess worker(String name) throws Exception {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), "auto-restart");
        // Far longer than the test waits: what brings the task back is its move to another worker.
        settings.put("auto.restart.initial.delay.ms", "300000");
        WorkerProcess w = WorkerProcess.start(WorkerProcess.Kind.FERRY, name, settings, dir);
        workers.add(w);
        return w;
    }

    @Test
    void aFailedTaskWhoseWorkerDiesDuringTheBackoffRunsAgainOnAnotherWorker() throws Exception {
        WorkerProcess a = worker("restart-1");
        WorkerProcess b = worker("restart-2");
        Path starts = dir.resolve("starts");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "FailingSource");
        config.put("tasks.max", "1");
        config.put("topic", "flaky");
        config.put("fail.first.starts", "1");
        config.put("start.count.file", starts.toString());
        config.put("fail.message", "not yet");
        create(a.rest(), "flaky", config);

        JsonNode[] failed = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            failed[0] = a.rest().getJson("/connectors/flaky/status").path("tasks").path(0);
            return "FAILED".equals(failed[0].path("state").asText());
        });
        assertThat(failed[0].has("auto_restart")).as("the status JSON stays Apache's").isFalse();
        String owner = failed[0].path("worker_id").asText();
        WorkerProcess victim = owner.equals(a.workerId()) ? a : b;
        WorkerProcess survivor = victim == a ? b : a;

        // Every worker reads the schedule from the status topic, not only the one that keeps it.
        JsonNode[] seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            Rest.Response health = survivor.rest().get("/connectors/flaky/health");
            seen[0] = health.json();
            return health.status() == 503 && seen[0].path("tasks").path(0).path("auto_restart").path("next_attempt_ms").isNumber();
        });
        assertThat(seen[0].path("status").asText()).isEqualTo("degraded");
        assertThat(seen[0].path("tasks").path(0).path("worker_id").asText()).isEqualTo(victim.workerId());
        assertThat(seen[0].path("tasks").path(0).path("auto_restart").path("last_error").asText()).contains("not yet");

        victim.kill();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            JsonNode task = survivor.rest().getJson("/connectors/flaky/status").path("tasks").path(0);
            return "RUNNING".equals(task.path("state").asText())
                    && survivor.workerId().equals(task.path("worker_id").asText());
        });
        assertThat(Files.readString(starts).trim()).isEqualTo("2");
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> survivor.rest().get("/connectors/flaky/health").status() == 200);
    }
}
