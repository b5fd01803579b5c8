package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Where the automatic restarts of one connector or task stand.
 *
 * @param attempts      automatic restarts made since it last ran long enough to count as healthy
 * @param maxAttempts   the most it gets in a row; -1 for no limit
 * @param nextAttemptMs when the next automatic restart is due (epoch milliseconds); null when none is scheduled
 * @param gaveUp        true when no automatic restart will come: the limit was reached, or the failure is one a
 *                      restart cannot fix
 * @param lastError     the first line of the last failure's trace
 */
@JsonPropertyOrder({"attempts", "max_attempts", "next_attempt_ms", "gave_up", "last_error"})
@JsonIgnoreProperties(ignoreUnknown = true) // a later version's status records may say more
public record AutoRestartState(@JsonProperty("attempts") int attempts,
                               @JsonProperty("max_attempts") int maxAttempts,
                               @JsonProperty("next_attempt_ms") Long nextAttemptMs,
                               @JsonProperty("gave_up") boolean gaveUp,
                               @JsonProperty("last_error") String lastError) {

    /** Whether an automatic restart is scheduled. */
    public boolean retrying() {
        return nextAttemptMs != null;
    }
}
