package io.ferry.connectors.http;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Which answers are worth another try, and how long to wait first: 408, 429 and 5xx (and network errors, which have
 * no status) are retried; the wait doubles from the configured backoff to its maximum, unless the server says how
 * long in a Retry-After header (seconds or an HTTP date), which is honoured as given.
 */
record RetryPolicy(int maxRetries, long backoffMs, long backoffMaxMs) {

    static boolean retriable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** The wait before retry number {@code retry} (1 for the first), given the answer's Retry-After, if any. */
    long delayMs(int retry, String retryAfter, long nowMs) {
        Long told = retryAfterMs(retryAfter, nowMs);
        if (told != null) {
            return told;
        }
        long doubled = backoffMs << Math.min(retry - 1, 30);
        return Math.min(doubled < 0 ? Long.MAX_VALUE : doubled, Math.max(backoffMs, backoffMaxMs));
    }

    static Long retryAfterMs(String retryAfter, long nowMs) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            return Math.max(0, Long.parseLong(value)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - nowMs);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
