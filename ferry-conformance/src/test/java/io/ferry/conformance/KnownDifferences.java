package io.ferry.conformance;

import java.util.Map;

/**
 * Scenarios where Ferry answers differently from Apache Kafka Connect on purpose. Each names the line of
 * docs/compatibility.md that gives the reason; the suite checks that the line is there.
 */
final class KnownDifferences {

    private KnownDifferences() {
    }

    static final Map<String, String> BY_SCENARIO = Map.ofEntries(
            Map.entry("malformed JSON", "Malformed JSON is answered with 400"),
            Map.entry("trailing comma", "JSON bodies may contain trailing commas and comments"),
            Map.entry("form content type from curl", "A JSON body with a non-JSON `Content-Type` is accepted"),
            Map.entry("create with an unknown connector class", "An unknown `connector.class` is answered with the closest installed plugins"),
            Map.entry("validate without connector class", "Validating a config without `connector.class` is answered with 400"),
            Map.entry("create with a bad initial state", "An invalid `initial_state` is answered with 400"),
            Map.entry("restart an unknown connector", "Restarting an unknown connector is answered with 404"),
            Map.entry("stop an unknown connector", "Stopping an unknown connector, or restarting one of its tasks, is answered with 404"),
            Map.entry("restart a task of an unknown connector", "Stopping an unknown connector, or restarting one of its tasks, is answered with 404")
    );

    /** Further differences of distributed workers. */
    static final Map<String, String> DISTRIBUTED_BY_SCENARIO = Map.ofEntries(
            Map.entry("patch a config", "In a cluster, reads are answered from the worker's view of the topics during a rebalance"),
            Map.entry("active topics", "In a cluster, `PUT /connectors/{name}/topics/reset` empties the list at once")
    );

    static String forScenario(String scenario, boolean distributed) {
        String known = BY_SCENARIO.get(scenario);
        return known == null && distributed ? DISTRIBUTED_BY_SCENARIO.get(scenario) : known;
    }
}
