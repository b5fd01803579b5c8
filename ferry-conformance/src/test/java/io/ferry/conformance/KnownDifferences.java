package io.ferry.conformance;

import java.util.Map;

/**
 * Scenarios where Ferry answers differently from Apache Kafka Connect on purpose. Each names the line of
 * docs/compatibility.md that gives the reason; the suite checks that the line is there.
 */
final class KnownDifferences {

    private KnownDifferences() {
    }

    static final Map<String, String> BY_SCENARIO = Map.of(
            "malformed JSON", "Malformed JSON is answered with 400",
            "trailing comma", "JSON bodies may contain trailing commas and comments",
            "form content type from curl", "A JSON body with a non-JSON `Content-Type` is accepted",
            "create with an unknown connector class", "An unknown `connector.class` is answered with the closest installed plugins",
            "validate without connector class", "Validating a config without `connector.class` is answered with 400",
            "create with a bad initial state", "An invalid `initial_state` is answered with 400",
            "restart an unknown connector", "Restarting an unknown connector is answered with 404"
    );
}
