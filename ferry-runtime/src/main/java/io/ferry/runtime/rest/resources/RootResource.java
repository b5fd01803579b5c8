package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.model.ServerInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.apache.kafka.common.utils.AppInfoParser;

/** {@code GET /}: the worker's version and Kafka cluster id. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class RootResource {

    private final Herder herder;

    public RootResource(Herder herder) {
        this.herder = herder;
    }

    @GET
    public ServerInfo serverInfo() {
        return new ServerInfo(AppInfoParser.getVersion(), AppInfoParser.getCommitId(), herder.kafkaClusterId());
    }
}
