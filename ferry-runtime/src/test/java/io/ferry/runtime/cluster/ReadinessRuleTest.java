package io.ferry.runtime.cluster;

import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When {@code GET /health/ready} says a worker is ready. */
class ReadinessRuleTest {

    private static final ConnectorTaskId A0 = new ConnectorTaskId("a", 0);
    private static final ConnectorTaskId B1 = new ConnectorTaskId("b", 1);

    private static ReadinessRule rule(Map<String, String> settings) {
        Map<String, String> props = new java.util.HashMap<>(settings);
        props.put("bootstrap.servers", "127.0.0.1:9");
        props.put("offset.storage.file.filename", "/tmp/unused.offsets");
        return ReadinessRule.of(new StandaloneConfig(props));
    }

    @Test
    void aWorkerIsNotReadyUntilItsStartupIsComplete() {
        ReadinessRule rule = rule(Map.of());

        assertThat(rule.evaluate(false, List.of())).isEqualTo(new ReadinessRule.Result(false, "Worker is still starting up."));
        assertThat(rule.evaluate(true, List.of())).isEqualTo(new ReadinessRule.Result(true,
                "Worker has completed startup and is ready to handle requests."));
    }

    @Test
    void byDefaultFailedTasksDoNotMakeAWorkerNotReady() {
        assertThat(rule(Map.of()).evaluate(true, List.of(A0, B1)).ready()).isTrue();
    }

    @Test
    void withTheOptionOneFailedTaskMakesTheWorkerNotReadyAndIsNamed() {
        ReadinessRule rule = rule(Map.of("health.ready.fail.on.failed.tasks", "true"));

        assertThat(rule.evaluate(true, List.of(A0))).isEqualTo(new ReadinessRule.Result(false, "1 task is FAILED: a-0"));
        assertThat(rule.evaluate(true, List.of(B1, A0))).isEqualTo(new ReadinessRule.Result(false,
                "2 tasks are FAILED: a-0, b-1"));
        assertThat(rule.evaluate(true, List.of()).ready()).isTrue();
        // Still starting says so, rather than listing tasks.
        assertThat(rule.evaluate(false, List.of(A0)).message()).isEqualTo("Worker is still starting up.");
    }

    @Test
    void theThresholdIsTheNumberOfFailedTasksFromWhichTheWorkerIsNotReady() {
        ReadinessRule rule = rule(Map.of("health.ready.fail.on.failed.tasks", "true",
                "health.ready.failed.tasks.threshold", "2"));

        assertThat(rule.evaluate(true, List.of(A0)).ready()).isTrue();
        assertThat(rule.evaluate(true, List.of(A0, B1)).ready()).isFalse();
    }

    @Test
    void aLongListNamesTheFirstTenTasks() {
        List<ConnectorTaskId> failed = java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> new ConnectorTaskId("c", i)).toList();

        String message = rule(Map.of("health.ready.fail.on.failed.tasks", "true")).evaluate(true, failed).message();

        assertThat(message).startsWith("12 tasks are FAILED: c-0, c-1,").endsWith("c-9, ...").doesNotContain("c-10");
    }

    @Test
    void aThresholdBelowOneIsRefused() {
        assertThatThrownBy(() -> rule(Map.of("health.ready.failed.tasks.threshold", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("health.ready.failed.tasks.threshold");
    }
}
