package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.logging.LoggerLevels;
import io.ferry.runtime.model.InvalidRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /admin/loggers}: the worker's log levels, changed at run time. */
@Path("/admin/loggers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class LoggingResource {

    private static final Logger log = LoggerFactory.getLogger(LoggingResource.class);

    private final Herder herder;

    public LoggingResource(Herder herder) {
        this.herder = herder;
    }

    @GET
    public Map<String, LoggerLevels.LoggerLevel> all() {
        return herder.loggerLevels();
    }

    @GET
    @Path("{logger}")
    public LoggerLevels.LoggerLevel level(@PathParam("logger") String logger) {
        LoggerLevels.LoggerLevel level = herder.loggerLevel(logger);
        if (level == null) {
            throw new NotFoundException("Logger " + logger + " not found.");
        }
        return level;
    }

    /**
     * Sets a level for a logger and its descendants. Scope {@code worker} (default) changes this worker and answers
     * with the loggers changed; {@code cluster} changes every worker of the cluster and answers 204.
     */
    @PUT
    @Path("{logger}")
    public Response setLevel(@PathParam("logger") String namespace, Map<String, String> body,
                             @QueryParam("scope") String scope) {
        String level = body == null ? null : body.get("level");
        if (level == null) {
            throw new InvalidRequestException("Desired 'level' parameter was not specified in request.");
        }
        if (!LoggerLevels.isValidLevel(level)) {
            throw new NotFoundException("invalid log level '" + level + "'.");
        }
        String effectiveScope = scope == null ? "worker" : scope.toLowerCase(Locale.ROOT);
        if (!effectiveScope.equals("worker") && !effectiveScope.equals("cluster")) {
            log.warn("Unknown scope '{}' in a request to change log levels; using 'worker'", scope);
            effectiveScope = "worker";
        }
        if (effectiveScope.equals("cluster")) {
            herder.setClusterLoggerLevel(namespace, level);
            return Response.noContent().build();
        }
        List<String> changed = herder.setWorkerLoggerLevel(namespace, level);
        return Response.ok(changed).build();
    }
}
