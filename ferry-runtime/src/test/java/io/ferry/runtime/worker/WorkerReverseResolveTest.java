package io.ferry.runtime.worker;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerReverseResolveTest {

    @Test
    void secretsResolvedForTheConnectorGoBackToTheirReferencesInTaskConfigs() {
        Map<String, String> raw = Map.of("password", "${file:/s.properties:pw}", "user", "bob");
        Map<String, String> resolved = Map.of("password", "hunter2", "user", "bob");
        Map<String, String> task = Map.of("password", "hunter2", "user", "bob", "task.class", "X");

        assertThat(Worker.reverseResolve(raw, resolved, task))
                .containsEntry("password", "${file:/s.properties:pw}")
                .containsEntry("user", "bob")
                .containsEntry("task.class", "X");
    }

    @Test
    void valuesTheConnectorChangedAreKept() {
        Map<String, String> raw = Map.of("password", "${file:/s.properties:pw}");
        Map<String, String> resolved = Map.of("password", "hunter2");
        assertThat(Worker.reverseResolve(raw, resolved, Map.of("password", "derived")))
                .containsEntry("password", "derived");
    }

    @Test
    void aSecretPassedOnUnderAnotherNameGoesBackToItsReferenceToo() {
        Map<String, String> raw = Map.of("password", "${file:/s.properties:pw}");
        Map<String, String> resolved = Map.of("password", "hunter2");
        assertThat(Worker.reverseResolve(raw, resolved, Map.of("task.secret", "hunter2", "other", "x")))
                .containsEntry("task.secret", "${file:/s.properties:pw}")
                .containsEntry("other", "x");
    }
}
