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
            Map.entry("read back a password", "Values of PASSWORD keys are shown as `[hidden]`"),
            Map.entry("validate a bad connector version range", "Validating a config with a malformed `connector.plugin.version` is answered with 400"),
            Map.entry("create with a transformation that is a converter", "Invalid-config messages name the field of every problem"),
            Map.entry("create with a key converter that is a transformation", "Invalid-config messages name the field of every problem")
    );

    /** Further differences of distributed workers. */
    static final Map<String, String> DISTRIBUTED_BY_SCENARIO = Map.ofEntries(
            Map.entry("active topics", "In a cluster, `PUT /connectors/{name}/topics/reset` empties the list at once"),
            // Refused by a cluster (without exactly-once support, or for a connector that does not say it supports it)
            // with a message that does not name the field.
            Map.entry("create with exactly-once support required", "Invalid-config messages name the field of every problem"),
            Map.entry("create with exactly-once support required of a connector that does not say", "Invalid-config messages name the field of every problem")
    );

    /** Further differences of standalone workers. */
    static final Map<String, String> STANDALONE_BY_SCENARIO = Map.ofEntries(
            Map.entry("fence without a signature", "A standalone worker answers the internal requests of a cluster"),
            Map.entry("fence signed with the session key", "A standalone worker answers the internal requests of a cluster"),
            Map.entry("fence with a wrong signature", "A standalone worker answers the internal requests of a cluster"),
            Map.entry("task configs from another worker", "A standalone worker answers the internal requests of a cluster"),
            Map.entry("restart an unknown connector", "A standalone worker answers restarting an unknown connector with 404"),
            Map.entry("stop an unknown connector", "A standalone worker answers stopping an unknown connector"),
            Map.entry("restart a task of an unknown connector", "A standalone worker answers stopping an unknown connector")
    );

    /** Further differences of clusters with exactly-once source support on. */
    static final Map<String, String> EXACTLY_ONCE_BY_SCENARIO = Map.ofEntries(
            Map.entry("reset source offsets in a topic of its own", "has its offsets reset by `DELETE /connectors/{name}/offsets`")
    );

    static String forScenario(String scenario, boolean distributed, boolean exactlyOnce) {
        String known = BY_SCENARIO.get(scenario);
        if (known == null && exactlyOnce) {
            known = EXACTLY_ONCE_BY_SCENARIO.get(scenario);
        }
        if (known != null) {
            return known;
        }
        return (distributed ? DISTRIBUTED_BY_SCENARIO : STANDALONE_BY_SCENARIO).get(scenario);
    }
}
