package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Created;
import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.cluster.PasswordMasking;
import io.ferry.runtime.model.ActiveTopicsInfo;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.model.TaskInfo;
import io.ferry.runtime.rest.LenientJsonFilter;
import io.ferry.runtime.rest.RestException;
import io.ferry.runtime.rest.entities.CreateConnectorRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.apache.kafka.connect.errors.NotFoundException;

import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code /connectors}: create, inspect, reconfigure, pause, resume, restart and delete connectors. */
@Path("/connectors")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectorsResource {

    private final Herder herder;
    /** PASSWORD values of what this resource answers are masked; a mask sent back keeps the stored value. */
    private final PasswordMasking masking;
    private final boolean topicTracking;
    private final boolean topicTrackingReset;

    public ConnectorsResource(Herder herder, PasswordMasking masking, boolean topicTracking, boolean topicTrackingReset) {
        this.herder = herder;
        this.masking = masking;
        this.topicTracking = topicTracking;
        this.topicTrackingReset = topicTrackingReset;
    }

    @GET
    public Object listConnectors(@QueryParam("expand") List<String> expand) {
        Collection<String> names = new TreeSet<>(herder.connectors());
        if (expand == null || expand.isEmpty()) {
            return names;
        }
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        for (String name : names) {
            Map<String, Object> expanded = new LinkedHashMap<>();
            try {
                if (expand.contains("status")) {
                    expanded.put("status", herder.connectorStatus(name));
                }
                if (expand.contains("info")) {
                    expanded.put("info", masking.mask(herder.connectorInfo(name)));
                }
            } catch (NotFoundException e) {
                continue;
            }
            result.put(name, expanded);
        }
        return result;
    }

    @POST
    public Response createConnector(CreateConnectorRequest request) {
        if (request == null) {
            throw new InvalidRequestException("Request body must be a JSON object with 'name' and 'config'");
        }
        String name = request.name() == null ? "" : request.name().trim();
        if (request.config() == null) {
            throw new InvalidRequestException("Connector config is missing: the request needs a 'config' object");
        }
        TargetState initialState = initialState(request.initialState());
        Created<ConnectorInfo> created = herder.putConnectorConfig(name, request.config(), initialState, false);
        return Response.created(location(name)).entity(masking.mask(created.result())).build();
    }

    private static TargetState initialState(String value) {
        if (value == null) {
            return null;
        }
        try {
            return TargetState.fromInitialState(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    @GET
    @Path("{connector}")
    public ConnectorInfo connectorInfo(@PathParam("connector") String connector) {
        return masking.mask(herder.connectorInfo(connector));
    }

    @GET
    @Path("{connector}/config")
    public Map<String, String> connectorConfig(@PathParam("connector") String connector) {
        return masking.mask(herder.connectorConfig(connector));
    }

    @PUT
    @Path("{connector}/config")
    public Response putConnectorConfig(@PathParam("connector") String connector, Map<String, String> config) {
        if (config == null) {
            throw new InvalidRequestException("Request body must be a JSON object of connector settings");
        }
        Created<ConnectorInfo> result = herder.putConnectorConfig(connector, masking.restore(config, stored(connector)),
                null, true);
        ConnectorInfo info = masking.mask(result.result());
        return result.created()
                ? Response.created(location(connector)).entity(info).build()
                : Response.ok(info).build();
    }

    @PATCH
    @Path("{connector}/config")
    public ConnectorInfo patchConnectorConfig(@PathParam("connector") String connector, Map<String, String> patch) {
        if (patch == null) {
            throw new InvalidRequestException("Request body must be a JSON object of connector settings");
        }
        String name = patch.get("name");
        if (name != null && !name.equals(connector)) {
            throw new InvalidRequestException("Connector name configuration (" + name
                    + ") doesn't match connector name in the URL (" + connector + ")");
        }
        return masking.mask(herder.patchConnectorConfig(connector, masking.restore(patch, stored(connector))).result());
    }

    /** The connector's stored config, or null when there is no such connector. */
    private Map<String, String> stored(String connector) {
        try {
            return herder.connectorConfig(connector);
        } catch (NotFoundException e) {
            return null;
        }
    }

    @PUT
    @Path("{connector}/stop")
    public Response stop(@PathParam("connector") String connector) {
        herder.stopConnector(connector);
        return Response.noContent().build();
    }

    @GET
    @Path("{connector}/topics")
    public Map<String, ActiveTopicsInfo> activeTopics(@PathParam("connector") String connector) {
        if (!topicTracking) {
            throw new RestException(403, "Topic tracking is disabled.");
        }
        return Map.of(connector, herder.connectorActiveTopics(connector));
    }

    @PUT
    @Path("{connector}/topics/reset")
    public Response resetActiveTopics(@PathParam("connector") String connector) {
        if (!topicTracking) {
            throw new RestException(403, "Topic tracking is disabled.");
        }
        if (!topicTrackingReset) {
            throw new RestException(403, "Topic tracking reset is disabled.");
        }
        herder.resetConnectorActiveTopics(connector);
        return Response.accepted().build();
    }

    @GET
    @Path("{connector}/offsets")
    public ConnectorOffsets offsets(@PathParam("connector") String connector) {
        return herder.connectorOffsets(connector);
    }

    @PATCH
    @Path("{connector}/offsets")
    public Message alterOffsets(@PathParam("connector") String connector, ConnectorOffsets offsets) {
        if (offsets == null || offsets.offsets() == null || offsets.offsets().isEmpty()) {
            throw new InvalidRequestException("Partitions / offsets need to be provided for an alter offsets request");
        }
        return herder.alterConnectorOffsets(connector, offsets.toMap());
    }

    @DELETE
    @Path("{connector}/offsets")
    public Message resetOffsets(@PathParam("connector") String connector) {
        return herder.resetConnectorOffsets(connector);
    }

    @GET
    @Path("{connector}/status")
    public ConnectorStateInfo connectorStatus(@PathParam("connector") String connector) {
        return herder.connectorStatus(connector);
    }

    /** 200 when the connector and its tasks are healthy, 503 otherwise: a monitor needs only the status code. */
    @GET
    @Path("{connector}/health")
    public Response connectorHealth(@PathParam("connector") String connector) {
        ConnectorHealth health = herder.connectorHealth(connector);
        return Response.status(health.healthy() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(health).build();
    }

    @GET
    @Path("{connector}/tasks")
    public List<TaskInfo> taskConfigs(@PathParam("connector") String connector) {
        List<TaskInfo> tasks = herder.taskConfigs(connector);
        return masking.maskTasks(stored(connector), tasks);
    }

    /** Internal: task configs generated by a connector on another worker, for the leader to write. */
    @POST
    @Path("{connector}/tasks")
    public Response putTaskConfigs(@PathParam("connector") String connector, List<Map<String, String>> configs,
                                   @HeaderParam(InternalRequestSignature.SIGNATURE_HEADER) String signature,
                                   @HeaderParam(InternalRequestSignature.ALGORITHM_HEADER) String algorithm,
                                   @Context HttpServletRequest request) {
        byte[] body = (byte[]) request.getAttribute(LenientJsonFilter.BODY_ATTRIBUTE);
        herder.putTaskConfigs(connector, configs, InternalRequestSignature.fromRequest(signature, algorithm, body));
        return Response.noContent().build();
    }

    /** Internal: a worker about to start an exactly-once source task asks the leader to fence the earlier ones. */
    @PUT
    @Path("{connector}/fence")
    public Response fenceZombies(@PathParam("connector") String connector,
                                 @HeaderParam(InternalRequestSignature.SIGNATURE_HEADER) String signature,
                                 @HeaderParam(InternalRequestSignature.ALGORITHM_HEADER) String algorithm,
                                 @Context HttpServletRequest request) {
        byte[] body = (byte[]) request.getAttribute(LenientJsonFilter.BODY_ATTRIBUTE);
        herder.fenceZombies(connector, InternalRequestSignature.fromRequest(signature, algorithm, body));
        return Response.noContent().build();
    }

    @GET
    @Path("{connector}/tasks/{task}/status")
    public ConnectorStateInfo.TaskState taskStatus(@PathParam("connector") String connector,
                                                   @PathParam("task") int task) {
        return herder.taskStatus(new ConnectorTaskId(connector, task));
    }

    @POST
    @Path("{connector}/restart")
    public Response restartConnector(@PathParam("connector") String connector,
                                     @QueryParam("includeTasks") @DefaultValue("false") boolean includeTasks,
                                     @QueryParam("onlyFailed") @DefaultValue("false") boolean onlyFailed) {
        if (!includeTasks && !onlyFailed) {
            herder.restartConnector(connector);
            return Response.noContent().build();
        }
        return Response.accepted(herder.restartConnectorAndTasks(connector, includeTasks, onlyFailed)).build();
    }

    @POST
    @Path("{connector}/tasks/{task}/restart")
    public Response restartTask(@PathParam("connector") String connector, @PathParam("task") int task) {
        herder.restartTask(new ConnectorTaskId(connector, task));
        return Response.noContent().build();
    }

    @PUT
    @Path("{connector}/pause")
    public Response pause(@PathParam("connector") String connector) {
        herder.pauseConnector(connector);
        return Response.accepted().build();
    }

    @PUT
    @Path("{connector}/resume")
    public Response resume(@PathParam("connector") String connector) {
        herder.resumeConnector(connector);
        return Response.accepted().build();
    }

    @DELETE
    @Path("{connector}")
    public Response delete(@PathParam("connector") String connector) {
        herder.deleteConnector(connector);
        return Response.noContent().build();
    }

    private static URI location(String connector) {
        return UriBuilder.fromPath("/connectors/{name}").build(connector);
    }
}
