package io.ferry.conformance;

import java.util.ArrayList;
import java.util.List;

import static io.ferry.conformance.Scenarios.create;
import static io.ferry.conformance.Scenarios.input;
import static io.ferry.conformance.Scenarios.s;
import static io.ferry.conformance.Scenarios.sourceConfig;

/**
 * Requests sent to a follower of a two-worker cluster, which must go to the leader: forwarded, or, with
 * {@code forward=false} (how a worker marks the last hop a request may make), refused with 409.
 */
final class ForwardingScenarios {

    private ForwardingScenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        String name = "{rt}-fwd";
        s(all, "changes through a follower with forward=false")
                .post("/connectors?forward=false", create(name + "1", sourceConfig("{rt}-fwd-t1", "")))
                .put("/connectors/" + name + "1/config?forward=false", sourceConfig("{rt}-fwd-t1", ""))
                .delete("/connectors/{rt}-nobody?forward=false")
                .post("/connectors/{rt}-nobody/restart?forward=false", null)
                .get("/connectors");
        s(all, "changes through a follower")
                .prepare(c -> input(c, "a"))
                .post("/connectors?forward=true", create(name + "2", sourceConfig("{rt}-fwd-t2", "")))
                .awaitConnector(name + "2", "RUNNING", 1)
                // Only what the leader alone does: a plain restart of a connector, or of a task, is carried out by a
                // follower that runs it (DistributedHerderTest), and which worker that is differs between the clusters.
                .post("/connectors/" + name + "2/restart?includeTasks=true&forward=false", null)
                .put("/connectors/" + name + "2/stop?forward=false", null)
                .patch("/connectors/" + name + "2/config?forward=false", "{\"tasks.max\":\"1\"}")
                // Forwarded: its answer names the worker running the connector, which differs between the clusters.
                .statusOnly("POST", "/connectors/" + name + "2/restart?includeTasks=true&onlyFailed=true", null)
                .put("/connectors/" + name + "2/stop?forward=true", null)
                .awaitConnector(name + "2", "STOPPED", 0)
                .delete("/connectors/" + name + "2/offsets?forward=false")
                .delete("/connectors/" + name + "2?forward=false")
                .delete("/connectors/" + name + "2")
                .awaitStatusGone(name + "2");
        return all;
    }
}
