package io.ferry.conformance;

import io.ferry.conformance.Scenario.Signature;

import java.util.List;

import static io.ferry.conformance.Scenarios.create;
import static io.ferry.conformance.Scenarios.input;
import static io.ferry.conformance.Scenarios.s;
import static io.ferry.conformance.Scenarios.sinkConfig;
import static io.ferry.conformance.Scenarios.sourceConfig;

/**
 * Exactly-once sources (KIP-618) and the requests workers of a cluster send each other. They run in every suite: with
 * exactly-once support off the same requests have answers of their own (a worker without it refuses
 * {@code exactly.once.support=required}; a standalone worker refuses the internal requests), which must be Apache's
 * too.
 *
 * <p>Apache checks an internal request in this order: its signature (missing or in an unknown algorithm: 400; in an
 * algorithm the worker does not accept: 400; not made with the session key: 403), then whether this worker leads,
 * then whether the connector exists (404), then whether it is a source (400). The scenarios send each wrong signature
 * for a connector that does not exist, so that an answer about the connector would show a check out of order.
 */
final class ExactlyOnceScenarios {

    private ExactlyOnceScenarios() {
    }

    static void addTo(List<Scenario> all) {
        validation(all);
        creation(all);
        internalRequests(all);
    }

    private static void validation(List<Scenario> all) {
        String validate = "/connector-plugins/FileStreamSource/config/validate";
        s(all, "validate exactly-once support required").put(validate,
                sourceConfig("t", "\"name\":\"v\",\"exactly.once.support\":\"required\""));
        s(all, "validate exactly-once support required of a connector that does not say").put(
                "/connector-plugins/FailingSource/config/validate", failingSource("\"name\":\"v\",\"exactly.once.support\":\"required\""));
        s(all, "validate a bad exactly-once support").put(validate,
                sourceConfig("t", "\"name\":\"v\",\"exactly.once.support\":\"sometimes\""));
        s(all, "validate connector-defined transaction boundaries").put(validate,
                sourceConfig("t", "\"name\":\"v\",\"transaction.boundary\":\"connector\""));
        s(all, "validate a bad transaction boundary").put(validate,
                sourceConfig("t", "\"name\":\"v\",\"transaction.boundary\":\"whenever\""));
        s(all, "validate a negative transaction boundary interval").put(validate, sourceConfig("t",
                "\"name\":\"v\",\"transaction.boundary\":\"interval\",\"transaction.boundary.interval.ms\":\"-1\""));
        s(all, "validate an offsets topic of its own").put(validate,
                sourceConfig("t", "\"name\":\"v\",\"offsets.storage.topic\":\"own-offsets\""));
    }

    private static void creation(List<Scenario> all) {
        // Created (201) by a standalone worker, which does not check it, and by a cluster with exactly-once support
        // for a connector that supports it; refused (400) by a cluster without it.
        s(all, "create with exactly-once support required")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create("{rt}-eos1", sourceConfig("{rt}-t20", "\"exactly.once.support\":\"required\"")))
                .delete("/connectors/{rt}-eos1");
        s(all, "create with exactly-once support required of a connector that does not say")
                .post("/connectors", create("{rt}-eos2", failingSource("\"exactly.once.support\":\"required\"")))
                .delete("/connectors/{rt}-eos2");
        s(all, "source offsets in a topic of its own")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create("{rt}-eos3", sourceConfig("{rt}-t21", "\"offsets.storage.topic\":\"{rt}-own-offsets\"")))
                .awaitConnector("{rt}-eos3", "RUNNING", 1)
                .put("/connectors/{rt}-eos3/stop", null)
                .awaitConnector("{rt}-eos3", "STOPPED", 0)
                .patch("/connectors/{rt}-eos3/offsets", "{\"offsets\":[{\"partition\":{\"filename\":\"{dir}/in.txt\"},\"offset\":{\"position\":7}}]}")
                .get("/connectors/{rt}-eos3/offsets")
                .delete("/connectors/{rt}-eos3");
        // A scenario of its own: with exactly-once support on, Apache's answer to the reset takes its 90 s request
        // timeout (see KnownDifferences).
        s(all, "reset source offsets in a topic of its own")
                .prepare(c -> input(c, "a"))
                .post("/connectors", "{\"name\":\"{rt}-eos7\",\"initial_state\":\"STOPPED\",\"config\":"
                        + sourceConfig("{rt}-t24", "\"offsets.storage.topic\":\"{rt}-own-offsets2\"") + "}")
                .awaitConnector("{rt}-eos7", "STOPPED", 0)
                .patch("/connectors/{rt}-eos7/offsets", "{\"offsets\":[{\"partition\":{\"filename\":\"{dir}/in.txt\"},\"offset\":{\"position\":7}}]}")
                .delete("/connectors/{rt}-eos7/offsets")
                .get("/connectors/{rt}-eos7/offsets")
                .delete("/connectors/{rt}-eos7");
    }

    private static void internalRequests(List<Scenario> all) {
        s(all, "fence without a signature")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create("{rt}-eos4", sourceConfig("{rt}-t22", "")))
                .awaitConnector("{rt}-eos4", "RUNNING", 1)
                .put("/connectors/{rt}-eos4/fence", null)
                .put("/connectors/{rt}-ghost/fence", null)
                .delete("/connectors/{rt}-eos4");
        s(all, "fence signed with the session key")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create("{rt}-eos5", sourceConfig("{rt}-t23", "")))
                .post("/connectors", create("{rt}-eos6", sinkConfig("{rt}-t23", "")))
                .awaitConnector("{rt}-eos5", "RUNNING", 1)
                .signed("PUT", "/connectors/{rt}-eos5/fence", null, Signature.SESSION_KEY)
                .signed("PUT", "/connectors/{rt}-eos6/fence", null, Signature.SESSION_KEY)
                .signed("PUT", "/connectors/{rt}-ghost/fence", null, Signature.SESSION_KEY)
                // Fencing the tasks' earlier generations leaves the running ones running.
                .awaitConnector("{rt}-eos5", "RUNNING", 1)
                .get("/connectors/{rt}-eos5/status")
                .delete("/connectors/{rt}-eos5")
                .delete("/connectors/{rt}-eos6");
        s(all, "fence with a wrong signature")
                .signed("PUT", "/connectors/{rt}-ghost/fence", null, Signature.OTHER_KEY)
                .signed("PUT", "/connectors/{rt}-ghost/fence", null, Signature.UNACCEPTED_ALGORITHM)
                .signed("PUT", "/connectors/{rt}-ghost/fence", null, Signature.UNKNOWN_ALGORITHM)
                .signed("PUT", "/connectors/{rt}-ghost/fence", null, Signature.NOT_BASE64);
        s(all, "task configs from another worker")
                .post("/connectors/{rt}-ghost/tasks", "[]")
                .signed("POST", "/connectors/{rt}-ghost/tasks", "[]", Signature.OTHER_KEY)
                .signed("POST", "/connectors/{rt}-ghost/tasks", "[]", Signature.SESSION_KEY);
    }

    /** A FailingSource that does not fail; it leaves {@code exactlyOnceSupport} unanswered (null). */
    private static String failingSource(String extra) {
        return "{\"connector.class\":\"FailingSource\",\"topic\":\"{rt}-f\"," + extra + "}";
    }
}
