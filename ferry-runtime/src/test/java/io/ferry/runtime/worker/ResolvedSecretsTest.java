package io.ferry.runtime.worker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResolvedSecretsTest {

    @Test
    void resolvedValuesInATraceAreReplacedByTheirPlaceholders() {
        ResolvedSecrets secrets = ResolvedSecrets.of(
                Map.of("password", "${file:/run/secrets/db:pw}", "url", "jdbc:db://${env:DB_HOST}/x", "user", "bob"),
                Map.of("password", "hunter2", "url", "jdbc:db://db.internal/x", "user", "bob"));

        assertThat(secrets.redact("Login to jdbc:db://db.internal/x as bob with hunter2 failed"))
                .isEqualTo("Login to jdbc:db://${env:DB_HOST}/x as bob with ${file:/run/secrets/db:pw} failed");
    }

    @Test
    void secretsOfTasksAddToThoseOfTheirConnector() {
        ResolvedSecrets both = ResolvedSecrets.of(Map.of("a", "${env:A}"), Map.of("a", "alpha"))
                .and(ResolvedSecrets.of(Map.of("b", "${env:B}"), Map.of("b", "beta")));

        assertThat(both.redact("alpha beta")).isEqualTo("${env:A} ${env:B}");
    }
}
