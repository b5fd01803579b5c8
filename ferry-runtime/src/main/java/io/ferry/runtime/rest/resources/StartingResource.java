package io.ferry.runtime.rest.resources;

import io.ferry.runtime.rest.entities.WorkerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** What {@code GET /health} answers while the worker is still starting. */
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class StartingResource {

    @GET
    public Response health() {
        return Response.status(503).entity(new WorkerStatus("starting", "Worker is still starting up.")).build();
    }
}
