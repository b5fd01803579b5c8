package io.ferry.cli.client.context;

import io.ferry.cli.client.ClientException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which worker a command talks to, with which credentials: the documented precedence. */
class WorkerTargetTest {

    @TempDir
    Path dir;
    private Path config;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void contexts() {
        config = dir.resolve("contexts.json");
        ContextStore store = new ContextStore(config);
        store.put("prod", new WorkerContext("http://prod:8083", "alice", Secret.ofEnv("PROD_PASSWORD"), null, null, null, null, null, null, null));
        store.put("ci", new WorkerContext("http://ci:8083", null, null, Secret.ofEnv("CI_TOKEN"), null, null, null, null, null, null));
        store.put("open", WorkerContext.of("http://open:8083"));
        env.put("PROD_PASSWORD", "pw");
        env.put("CI_TOKEN", "tok");
    }

    private WorkerTarget resolve(String url, String context) {
        return WorkerTarget.resolve(url, context, config, env);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withNothingChosenTheLocalWorkerWithoutCredentials() {
        assertThat(resolve(null, null)).isEqualTo(WorkerTarget.plain("http://127.0.0.1:8083"));
    }

    @Test
    void theCurrentContextGivesUrlAndCredentials() {
        new ContextStore(config).use("prod");
        WorkerTarget target = resolve(null, null);
        assertThat(target.url()).isEqualTo("http://prod:8083");
        assertThat(target.authorization()).isEqualTo(basic("alice", "pw"));
        assertThat(target.credentials()).isEqualTo("context 'prod'");
    }

    @Test
    void ferryUrlWinsOverTheCurrentContextAndGetsNoneOfItsCredentials() {
        new ContextStore(config).use("prod");
        env.put("FERRY_URL", "http://elsewhere:8083");
        assertThat(resolve(null, null)).isEqualTo(WorkerTarget.plain("http://elsewhere:8083"));
        assertThat(resolve("http://typed:8083", null)).isEqualTo(WorkerTarget.plain("http://typed:8083"));
    }

    @Test
    void aNamedContextWinsOverFerryUrlAndTheCurrentOne() {
        new ContextStore(config).use("prod");
        env.put("FERRY_URL", "http://elsewhere:8083");
        assertThat(resolve(null, "ci").url()).isEqualTo("http://ci:8083");
        assertThat(resolve(null, "ci").authorization()).isEqualTo("Bearer tok");
        env.put("FERRY_CONTEXT", "ci");
        assertThat(resolve(null, null).url()).isEqualTo("http://ci:8083");
        assertThat(resolve(null, "open").url()).isEqualTo("http://open:8083");
    }

    @Test
    void urlWinsOverANamedContextWhoseCredentialsStillGo() {
        WorkerTarget tunnel = resolve("http://127.0.0.1:18083", "prod");
        assertThat(tunnel.url()).isEqualTo("http://127.0.0.1:18083");
        assertThat(tunnel.authorization()).isEqualTo(basic("alice", "pw"));
    }

    @Test
    void ferryTokenIsUsedWhenNoContextGivesCredentials() {
        env.put("FERRY_TOKEN", "env-token");
        assertThat(resolve("http://x:8083", null).authorization()).isEqualTo("Bearer env-token");
        assertThat(resolve("http://x:8083", null).credentials()).isEqualTo("the token in $FERRY_TOKEN");
        assertThat(resolve(null, "open").authorization()).isEqualTo("Bearer env-token");
        assertThat(resolve(null, "prod").authorization()).isEqualTo(basic("alice", "pw"));
    }

    @Test
    void aMissingSecretOrContextIsAUsageError() {
        env.remove("PROD_PASSWORD");
        assertThatThrownBy(() -> resolve(null, "prod")).isInstanceOf(ClientException.class)
                .hasMessage("the password of context 'prod' comes from the environment variable PROD_PASSWORD, which is not set")
                .extracting(e -> ((ClientException) e).exitCode()).isEqualTo(2);
        assertThatThrownBy(() -> resolve(null, "nobody")).isInstanceOf(ClientException.class)
                .hasMessageStartingWith("no context named 'nobody' in " + config)
                .extracting(e -> ((ClientException) e).exitCode()).isEqualTo(4);
    }
}
