package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.model.ServerInfo;
import io.ferry.runtime.rest.entities.WorkerStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.common.utils.AppInfoParser;

/** {@code GET /} and {@code GET /health}. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RootResource {

    static final long HEALTH_CHECK_TIMEOUT_MS = 10_000;

    private final Herder herder;

    public RootResource(Herder herder) {
        this.herder = herder;
    }

    @GET
    public ServerInfo serverInfo() {
        return new ServerInfo(AppInfoParser.getVersion(), AppInfoParser.getCommitId(), herder.kafkaClusterId());
    }

    @GET
    @Path("health")
    public Response health() {
        if (!herder.ready()) {
            return Response.status(503).entity(new WorkerStatus("starting", "Worker is still starting up.")).build();
        }
        if (!herder.healthy(HEALTH_CHECK_TIMEOUT_MS)) {
            return Response.status(500).entity(new WorkerStatus("unhealthy",
                    "Worker was unable to handle this request and may be unable to handle other requests.")).build();
        }
        return Response.ok(new WorkerStatus("healthy", "Worker has completed startup and is ready to handle requests."))
                .build();
    }
}
