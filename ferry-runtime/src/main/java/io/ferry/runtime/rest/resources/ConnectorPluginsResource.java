package io.ferry.runtime.rest.resources;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.PluginInfo;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;
import java.util.Map;

/** {@code /connector-plugins}: what is installed, and validation of connector configs. */
@Path("/connector-plugins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectorPluginsResource {

    private final Herder herder;

    public ConnectorPluginsResource(Herder herder) {
        this.herder = herder;
    }

    @GET
    public List<PluginInfo> plugins(@QueryParam("connectorsOnly") @DefaultValue("true") boolean connectorsOnly) {
        return herder.connectorPlugins(connectorsOnly);
    }

    @GET
    @Path("{plugin}/config")
    public List<ConfigInfos.ConfigKeyInfo> pluginConfig(@PathParam("plugin") String plugin,
                                                        @QueryParam("version") String version) {
        return herder.connectorPluginConfig(plugin, version);
    }

    @PUT
    @Path("{plugin}/config/validate")
    public ConfigInfos validate(@PathParam("plugin") String plugin, Map<String, String> config) {
        if (config == null) {
            throw new InvalidRequestException("Request body must be a JSON object of connector settings");
        }
        String connectorClass = config.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
        if (connectorClass == null) {
            throw new InvalidRequestException("Connector config " + new java.util.HashMap<>(config) + " contains no connector type");
        }
        if (!stripConnector(connectorClass).endsWith(stripConnector(plugin))) {
            throw new InvalidRequestException("Included connector type " + connectorClass
                    + " does not match request type " + plugin);
        }
        return herder.validateConnectorConfig(config);
    }

    private static String stripConnector(String name) {
        return name.endsWith("Connector") ? name.substring(0, name.length() - "Connector".length()) : name;
    }
}
