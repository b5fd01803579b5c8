package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.entities.WorkerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * What the health endpoints answer while the worker is still starting, before its herder serves the API: the worker
 * is starting (503) and not ready, but its process is live, so that a liveness probe never kills a worker that is
 * only slow to start.
 */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class StartingResource {

    static final String STARTING = "Worker is still starting up.";

    static Response starting() {
        return Response.status(503).entity(new WorkerStatus("starting", STARTING)).build();
    }

    static Response live() {
        return Response.ok(new WorkerStatus("live", "Worker process is running and responsive.")).build();
    }

    @GET
    public Response health() {
        return starting();
    }

    @GET
    @Path("live")
    public Response liveness() {
        return live();
    }

    @GET
    @Path("ready")
    public Response readiness() {
        return Response.status(503).entity(new WorkerStatus("not_ready", STARTING)).build();
    }
}
