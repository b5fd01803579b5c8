package io.ferry.connectors.http;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, 1_000, 8_000);

    @Test
    void retriesTimeoutsThrottlingAndServerErrorsOnly() {
        assertThat(RetryPolicy.retriable(408)).isTrue();
        assertThat(RetryPolicy.retriable(429)).isTrue();
        assertThat(RetryPolicy.retriable(500)).isTrue();
        assertThat(RetryPolicy.retriable(503)).isTrue();
        assertThat(RetryPolicy.retriable(400)).isFalse();
        assertThat(RetryPolicy.retriable(401)).isFalse();
        assertThat(RetryPolicy.retriable(404)).isFalse();
        assertThat(RetryPolicy.retriable(200)).isFalse();
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        assertThat(policy.delayMs(1, null, 0)).isEqualTo(1_000);
        assertThat(policy.delayMs(2, null, 0)).isEqualTo(2_000);
        assertThat(policy.delayMs(3, null, 0)).isEqualTo(4_000);
        assertThat(policy.delayMs(4, null, 0)).isEqualTo(8_000);
        assertThat(policy.delayMs(40, null, 0)).isEqualTo(8_000);
    }

    @Test
    void retryAfterInSecondsOrAsADateIsHonouredAsGiven() {
        assertThat(policy.delayMs(1, "3", 0)).isEqualTo(3_000);
        assertThat(policy.delayMs(1, "120", 0)).as("beyond the backoff maximum too").isEqualTo(120_000);
        long now = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.parse("2026-12-06T10:00:05Z").atOffset(ZoneOffset.UTC));
        assertThat(policy.delayMs(1, inFiveSeconds, now)).isEqualTo(5_000);
        assertThat(policy.delayMs(2, "soon", 0)).as("unreadable: the backoff").isEqualTo(2_000);
    }
}
