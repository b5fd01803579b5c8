package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whoever may validate or create a connector cannot read the worker's files or environment through config providers,
 * and PASSWORD values are shown as [hidden], yet a config read, edited and sent back keeps its password.
 */
class SecretsIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    private static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
    private static final String ECHO = "io.ferry.plugins.test.secret.PasswordEchoSourceConnector";
    private static final String SECRET = "root:x:0:0:root:/root:/bin/bash";

    private static StandaloneWorker fileWorker(Path dir, Path allowed) {
        return new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("config.providers", "file")
                .with("config.providers.file.class", FILE_PROVIDER)
                .with("config.providers.file.param.allowed.paths", allowed.toString());
    }

    private static Map<String, String> echo(String topic, String password) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", ECHO);
        config.put("topic", topic);
        config.put("password", password);
        return config;
    }

    private static String firstValue(String topic) {
        return new String(kafka.consume(topic, 1, Duration.ofSeconds(60)).get(0).value(), StandardCharsets.UTF_8);
    }

    @Test
    void validationAndCreationNeverShowWhatTheFileProviderRead(@TempDir Path dir) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Path file = Files.writeString(secrets.resolve("shadow.properties"), "root=" + SECRET + "\n");
        Path outside = Files.writeString(dir.resolve("outside.properties"), "root=" + SECRET + "\n");
        String placeholder = "${file:" + file + ":root}";
        String outsidePlaceholder = "${file:" + outside + ":root}";

        try (StandaloneWorker worker = fileWorker(dir, secrets).start()) {
            Rest rest = worker.rest();
            Map<String, String> config = echo("unused", placeholder);
            config.put("tasks.max", placeholder);
            config.put("topic", placeholder);

            Rest.Response validated = rest.put("/connector-plugins/PasswordEchoSourceConnector/config/validate", config);
            assertThat(validated.status()).as(validated.body()).isEqualTo(200);
            assertThat(validated.body()).doesNotContain(SECRET).doesNotContain("/bin/bash");
            for (JsonNode field : validated.json().path("configs")) {
                String name = field.path("value").path("name").asText();
                if (name.equals("tasks.max") || name.equals("topic") || name.equals("password")) {
                    assertThat(field.path("value").path("value").asText()).as(name).isEqualTo(placeholder);
                }
            }

            config.put("name", "leaky");
            Rest.Response created = rest.post("/connectors", Map.of("name", "leaky", "config", config));
            assertThat(created.status()).as(created.body()).isEqualTo(400);
            assertThat(created.body()).contains(placeholder).doesNotContain(SECRET).doesNotContain("/bin/bash");

            // A file outside allowed.paths is refused, with the key that would allow it.
            Rest.Response refused = rest.post("/connectors", Map.of("name", "outside",
                    "config", echo("outside-topic", outsidePlaceholder)));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.body()).contains("config.providers.file.param.allowed.paths").doesNotContain(SECRET);
            Rest.Response validatedOutside = rest.put("/connector-plugins/PasswordEchoSourceConnector/config/validate",
                    echo("outside-topic", outsidePlaceholder));
            for (JsonNode field : validatedOutside.json().path("configs")) {
                if (field.path("value").path("name").asText().equals("password")) {
                    assertThat(field.path("value").path("value").asText()).isEqualTo(outsidePlaceholder);
                    assertThat(field.path("value").path("errors").toString())
                            .contains("config.providers.file.param.allowed.paths");
                }
            }
            assertThat(validatedOutside.body()).contains("config.providers.file.param.allowed.paths").doesNotContain(SECRET);
        }
    }

    @Test
    void aFailureTraceShowsThePlaceholderNotWhatItResolvedTo(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("shadow.properties"), "root=" + SECRET + "\n");
        String placeholder = "${file:" + file + ":root}";

        try (StandaloneWorker worker = fileWorker(dir, dir).start()) {
            // Valid as far as validation can tell; the task fails when it writes to a topic of that name.
            Rest.Response created = worker.rest().post("/connectors", Map.of("name", "bad-topic",
                    "config", echo(placeholder, "pw")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode failed = worker.awaitTaskState("bad-topic", 0, "FAILED");
            assertThat(failed.path("trace").asText()).contains(placeholder).doesNotContain(SECRET);
            assertThat(worker.rest().get("/connectors/bad-topic/status").body()).doesNotContain(SECRET);
        }
    }

    @Test
    void aStoredConnectorWhosePathIsNoLongerAllowedFailsAtStartNamingTheKey(@TempDir Path dir) throws Exception {
        Path wide = Files.createDirectories(dir.resolve("wide"));
        Path narrow = Files.createDirectories(wide.resolve("narrow"));
        Path file = Files.writeString(wide.resolve("db.properties"), "password=" + SECRET + "\n");
        String placeholder = "${file:" + file + ":password}";
        Path state = Files.createDirectories(dir.resolve("state"));

        try (StandaloneWorker worker = fileWorker(state, wide).start()) {
            assertThat(worker.rest().post("/connectors", Map.of("name", "moved",
                    "config", echo("moved-topic", placeholder))).status()).isEqualTo(201);
            worker.awaitRunning("moved", 1);
        }
        try (StandaloneWorker worker = fileWorker(state, narrow).start()) {
            JsonNode status = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> worker.status("moved"),
                            s -> s != null && "FAILED".equals(s.path("connector").path("state").asText()));
            assertThat(status.path("connector").path("trace").asText())
                    .contains("config.providers.file.param.allowed.paths").contains("password")
                    .doesNotContain(SECRET);
        }
    }

    @Test
    void theEnvironmentProviderReadsOnlyWhatItsAllowListNamesAndNothingComesBack(@TempDir Path dir) {
        String path = System.getenv("PATH");
        assertThat(path).as("the test needs PATH in its environment").isNotBlank();
        Map<String, String> config = echo("env-topic", "${env:PATH}");
        config.put("tasks.max", "${env:PATH}");

        try (StandaloneWorker closed = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("closed"))
                .with("config.providers", "env").with("config.providers.env.class", ENV_PROVIDER).start()) {
            Rest.Response validated = closed.rest().put("/connector-plugins/PasswordEchoSourceConnector/config/validate", config);
            assertThat(validated.body()).contains("config.providers.env.param.allowlist.pattern").doesNotContain(path);
        }
        try (StandaloneWorker open = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("open"))
                .with("config.providers", "env").with("config.providers.env.class", ENV_PROVIDER)
                .with("config.providers.env.param.allowlist.pattern", "^(PATH|FERRY_NOT_SET)$").start()) {
            Rest.Response validated = open.rest().put("/connector-plugins/PasswordEchoSourceConnector/config/validate", config);
            assertThat(validated.json().path("error_count").asInt()).as(validated.body()).isPositive();
            assertThat(validated.body()).contains("${env:PATH}").doesNotContain(path);
            config.put("name", "env-leak");
            Rest.Response created = open.rest().post("/connectors", Map.of("name", "env-leak", "config", config));
            assertThat(created.status()).isEqualTo(400);
            assertThat(created.body()).contains("${env:PATH}").doesNotContain(path);

            Map<String, String> home = echo("env-topic", "${env:HOME}");
            Rest.Response notListed = open.rest().put("/connector-plugins/PasswordEchoSourceConnector/config/validate", home);
            assertThat(notListed.body()).contains("does not match config.providers.env.param.allowlist.pattern");
        }
    }

    @Test
    void passwordsAreMaskedInEveryReadAndTheMaskSentBackKeepsThem(@TempDir Path dir) {
        try (StandaloneWorker worker = fileWorker(dir, dir).start()) {
            Rest rest = worker.rest();
            Rest.Response created = rest.post("/connectors", Map.of("name", "echo", "config", echo("echo-1", "s3cret-pw")));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.json().path("config").path("password").asText()).isEqualTo("[hidden]");
            assertThat(firstValue("echo-1")).isEqualTo(":s3cret-pw");

            JsonNode config = rest.get("/connectors/echo/config").json();
            assertThat(config.path("password").asText()).isEqualTo("[hidden]");
            assertThat(config.path("topic").asText()).isEqualTo("echo-1");
            assertThat(rest.get("/connectors/echo").json().path("config").path("password").asText()).isEqualTo("[hidden]");
            assertThat(rest.get("/connectors?expand=info").json().path("echo").path("info").path("config")
                    .path("password").asText()).isEqualTo("[hidden]");
            for (String path : new String[]{"/connectors/echo/config", "/connectors/echo", "/connectors/echo/tasks",
                    "/connectors?expand=info", "/connectors?expand=info&expand=status"}) {
                assertThat(rest.get(path).body()).as(path).doesNotContain("s3cret-pw");
            }
            JsonNode tasks = rest.get("/connectors/echo/tasks").json();
            assertThat(tasks).hasSize(1);
            assertThat(tasks.get(0).path("config").path("password").asText()).isEqualTo("[hidden]");

            // Read, edit, write back: the connector keeps its password.
            @SuppressWarnings("unchecked")
            Map<String, String> edited = Rest.JSON.convertValue(config, Map.class);
            edited.put("topic", "echo-2");
            edited.put("tag", "put");
            Rest.Response put = rest.put("/connectors/echo/config", edited);
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).doesNotContain("s3cret-pw");
            assertThat(firstValue("echo-2")).isEqualTo("put:s3cret-pw");

            Rest.Response patched = rest.patch("/connectors/echo/config",
                    Map.of("topic", "echo-3", "tag", "patch", "password", "[hidden]"));
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            assertThat(firstValue("echo-3")).isEqualTo("patch:s3cret-pw");

            // A new password sent in clear replaces the old one.
            edited.put("topic", "echo-4");
            edited.put("password", "n3w-pw");
            assertThat(rest.put("/connectors/echo/config", edited).status()).isEqualTo(200);
            assertThat(firstValue("echo-4")).isEqualTo("put:n3w-pw");
        }
    }

    @Test
    void maskingOffShowsPasswordsAsApacheKafkaConnectDoes(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("rest.password.masking.enable", "false").start()) {
            Rest rest = worker.rest();
            assertThat(rest.post("/connectors", Map.of("name", "clear", "config", echo("clear-1", "s3cret-pw"))).status())
                    .isEqualTo(201);
            assertThat(rest.get("/connectors/clear/config").json().path("password").asText()).isEqualTo("s3cret-pw");
            assertThat(rest.get("/connectors/clear").json().path("config").path("password").asText()).isEqualTo("s3cret-pw");
        }
    }

    @Test
    void theClientShowsPasswordsMaskedAndApplyDoesNotTakeTheMaskForAChange(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("echo.properties"),
                "name=cli-echo\nconnector.class=" + ECHO + "\ntopic=cli-echo-1\npassword=s3cret-pw\n");
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            String url = worker.rest().baseUrl();
            assertThat(ferry("apply", "-f", file.toString(), "--url", url)).contains("created");
            assertThat(firstValue("cli-echo-1")).isEqualTo(":s3cret-pw");

            assertThat(ferry("apply", "-f", file.toString(), "--url", url)).contains("unchanged");
            assertThat(ferry("describe", "connector", "cli-echo", "--url", url))
                    .contains("password = [hidden]").doesNotContain("s3cret-pw");

            // Patching the password alone is a change, though the worker shows the current one masked.
            assertThat(ferry("patch", "cli-echo", "password=n3w-pw", "--url", url)).contains("configured")
                    .doesNotContain("n3w-pw");
            assertThat(ferry("patch", "cli-echo", "topic=cli-echo-2", "--url", url)).contains("configured");
            assertThat(firstValue("cli-echo-2")).isEqualTo(":n3w-pw");
        }
    }

    private static String ferry(String... args) {
        FerryCommand.Result result = FerryCommand.run(args);
        assertThat(result.exit()).as(result.err()).isZero();
        return result.out();
    }
}
