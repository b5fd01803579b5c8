package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.cluster.ReadinessRule;
import io.ferry.runtime.rest.entities.WorkerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /health} (Apache's: the worker has started and its herder answers), and Ferry's probes
 * {@code GET /health/live} (the herder thread runs and is not deadlocked, whatever its connectors do) and
 * {@code GET /health/ready} (start-up complete and, optionally, no FAILED tasks here).
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** How long the herder thread has to answer a health check. */
    public static final long HERDER_TIMEOUT_MS = 10_000;

    private final Herder herder;
    private final ReadinessRule readiness;

    public HealthResource(Herder herder, ReadinessRule readiness) {
        this.herder = herder;
        this.readiness = readiness;
    }

    @GET
    public Response health() {
        if (!herder.ready()) {
            return StartingResource.starting();
        }
        if (!herder.healthy(HERDER_TIMEOUT_MS)) {
            return Response.status(500).entity(new WorkerStatus("unhealthy",
                    "Worker was unable to handle this request and may be unable to handle other requests.")).build();
        }
        return Response.ok(new WorkerStatus("healthy", "Worker has completed startup and is ready to handle requests."))
                .build();
    }

    @GET
    @Path("live")
    public Response live() {
        if (!herder.live()) {
            return Response.status(500).entity(new WorkerStatus("not_live",
                    "The worker's herder thread has stopped or is deadlocked.")).build();
        }
        return StartingResource.live();
    }

    @GET
    @Path("ready")
    public Response ready() {
        ReadinessRule.Result result = readiness.evaluate(herder.startupComplete(), herder.failedTasks());
        return Response.status(result.ready() ? 200 : 503)
                .entity(new WorkerStatus(result.ready() ? "ready" : "not_ready", result.message())).build();
    }
}
