package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a load balancer or an orchestrator sees when it polls {@code GET /health} from the moment a worker's process
 * starts: "starting" (503, JSON) until the worker is healthy (200, JSON), and nothing else, for a standalone worker
 * that applies connector files and for a distributed worker that joins its group. Also that errors Jetty answers
 * itself on these paths are JSON, not HTML pages.
 */
class HealthDuringStartupIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final Duration STARTUP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, String contentType, String body) {
    }

    @Test
    void standaloneWorkerAnswersStartingUntilHealthy(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("plugin.path", StandaloneWorker.pluginPath().toString());
        settings.put("offset.storage.file.filename", dir.resolve("connect.offsets").toString());
        List<String> connectorFiles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path file = dir.resolve("source-" + i + ".properties");
            Files.write(file, List.of("name=startup-source-" + i, "connector.class=FileStreamSource",
                    "file=" + dir.resolve("input-" + i + ".txt"), "topic=startup-" + i, "tasks.max=1"));
            connectorFiles.add(file.toString());
        }
        try (WorkerProcess worker = WorkerProcess.launch(WorkerProcess.Kind.FERRY, "health-standalone", settings, dir,
                WorkerProcess.options().distributed(false).arguments(connectorFiles))) {
            List<Answer> answers = pollHealthUntilHealthy(worker);
            assertEveryAnswerIsStartingOrHealthy(answers);
            assertJettyErrorsAreJson(worker.url());
        }
    }

    @Test
    void distributedWorkerAnswersStartingUntilHealthy(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("plugin.path", StandaloneWorker.pluginPath().toString());
        settings.put("group.id", "health-startup");
        settings.put("config.storage.topic", "health-startup-configs");
        settings.put("offset.storage.topic", "health-startup-offsets");
        settings.put("status.storage.topic", "health-startup-statuses");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        try (WorkerProcess worker = WorkerProcess.launch(WorkerProcess.Kind.FERRY, "health-distributed", settings, dir,
                WorkerProcess.options().distributed(true))) {
            List<Answer> answers = pollHealthUntilHealthy(worker);
            assertEveryAnswerIsStartingOrHealthy(answers);
            assertJettyErrorsAreJson(worker.url());
        }
    }

    /** Every answer of {@code GET /health} from the process start until the first 200; refused connections skipped. */
    private List<Answer> pollHealthUntilHealthy(WorkerProcess worker) throws Exception {
        List<Answer> answers = new ArrayList<>();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(worker.alive()).as("the worker process is running; its log: %s", worker.log).isTrue();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(worker.url() + "/health"))
                        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                Answer answer = new Answer(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), response.body());
                answers.add(answer);
                if (answer.status() == 200) {
                    return answers;
                }
            } catch (ConnectException e) {
                // The listener is not bound yet.
            }
            // The pace of a tight health probe, so that the short windows of start-up are seen too.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        throw new AssertionError("The worker was not healthy within " + STARTUP + "; answers so far: " + answers);
    }

    private static void assertEveryAnswerIsStartingOrHealthy(List<Answer> answers) throws Exception {
        // The listener is up before the herder starts: a probe sees the worker starting before it sees it healthy.
        assertThat(answers).as("answers").anyMatch(a -> a.status() == 503);
        for (Answer answer : answers) {
            assertThat(answer.contentType()).as("content type of %s", answer).startsWith("application/json");
            JsonNode body = Rest.JSON.readTree(answer.body());
            if (answer.status() == 503) {
                assertThat(body.path("status").asText()).as("%s", answer).isEqualTo("starting");
                assertThat(body.path("message").asText()).as("%s", answer).isNotEmpty();
            } else {
                assertThat(answer.status()).as("every answer is 503 starting or 200 healthy: %s", answers)
                        .isEqualTo(200);
                assertThat(body.path("status").asText()).isEqualTo("healthy");
                assertThat(body.path("message").asText())
                        .isEqualTo("Worker has completed startup and is ready to handle requests.");
            }
        }
    }

    /** Unknown paths, wrong methods and requests Jetty rejects before they reach the API all answer JSON errors. */
    private void assertJettyErrorsAreJson(String url) throws Exception {
        assertJsonError(HttpRequest.newBuilder(URI.create(url + "/no-such-path")).GET().build(), 404);
        assertJsonError(HttpRequest.newBuilder(URI.create(url + "/health")).DELETE().build(), 405);
        assertJsonError(HttpRequest.newBuilder(URI.create(url + "/health/live"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), 405);
        // A path that is not UTF-8 is refused by Jetty itself, before Jersey sees the request.
        assertJsonError(HttpRequest.newBuilder(URI.create(url + "/connectors/%FF")).GET().build(), 400);
        // An encoded separator reaches the API, as part of a connector's name.
        assertJsonError(HttpRequest.newBuilder(URI.create(url + "/connectors/a%2F..%2Fb")).GET().build(), 404);
    }

    private void assertJsonError(HttpRequest request, int status) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s", request.method(), request.uri()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as("%s %s: %s", request.method(),
                request.uri(), response.body()).startsWith("application/json");
        JsonNode body = Rest.JSON.readTree(response.body());
        assertThat(body.path("error_code").asInt()).isEqualTo(status);
        assertThat(body.path("message").isTextual()).isTrue();
    }
}
