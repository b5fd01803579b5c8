package io.ferry.runtime.cluster;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backoff never lets failing work restart in a tight loop, whatever is configured. */
class AutoRestartPolicyTest {

    @Test
    void delaysShorterThanASecondAreRefusedAndNeverUsed() {
        assertThat(AutoRestartPolicy.problems(Map.of("auto.restart.initial.delay.ms", "0")))
                .containsKey("auto.restart.initial.delay.ms");
        assertThat(AutoRestartPolicy.problems(Map.of("auto.restart.max.delay.ms", "999")))
                .containsKey("auto.restart.max.delay.ms");
        assertThatThrownBy(() -> AutoRestartPolicy.DEFAULT.overriddenBy(Map.of("auto.restart.initial.delay.ms", "0")))
                .isInstanceOf(ConfigException.class);

        // Even a policy made without validation waits at least a second between attempts.
        AutoRestartPolicy unchecked = new AutoRestartPolicy(true, 0, 0, -1, 0);
        Random random = new Random(7);
        for (int attempt = 0; attempt < 20; attempt++) {
            assertThat(unchecked.delayMs(attempt, random)).isGreaterThanOrEqualTo(1_000);
        }
    }

    @Test
    void delaysDoubleUpToTheMaximumWithinTheJitter() {
        AutoRestartPolicy policy = new AutoRestartPolicy(true, 30_000, 600_000, -1, 600_000);
        Random random = new Random(11);
        long[] expected = {30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000};
        for (int attempt = 0; attempt < expected.length; attempt++) {
            assertThat(policy.delayMs(attempt, random)).isBetween(Math.round(expected[attempt] * 0.8),
                    Math.round(expected[attempt] * 1.2));
        }
    }
}
