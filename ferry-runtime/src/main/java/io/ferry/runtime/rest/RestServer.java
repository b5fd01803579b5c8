package io.ferry.runtime.rest;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.rest.resources.ConnectorPluginsResource;
import io.ferry.runtime.rest.resources.ConnectorsResource;
import io.ferry.runtime.rest.resources.RootResource;
import io.ferry.runtime.rest.resources.StartingResource;
import jakarta.servlet.DispatcherType;
import org.apache.kafka.connect.errors.ConnectException;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The REST API: Jetty with Jersey (JAX-RS, so Kafka Connect REST extensions can register resources), on the
 * {@code listeners} of the worker config.
 */
public class RestServer {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);
    // Jersey warns about every resource registered as an instance, which is how resources get their herder.
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
    }

    private final WorkerConfig config;
    private final Server server = new Server();
    private final List<Listener> listeners = new ArrayList<>();
    private ServletContainer jersey;

    record Listener(String scheme, String host, int port) {
    }

    public RestServer(WorkerConfig config) {
        this.config = config;
        for (String listener : config.getList(WorkerConfig.LISTENERS_CONFIG)) {
            listeners.add(parse(listener));
        }
        if (listeners.isEmpty()) {
            throw new ConnectException("At least one REST listener is required in '" + WorkerConfig.LISTENERS_CONFIG + "'");
        }
        for (Listener listener : listeners) {
            if (!"http".equals(listener.scheme())) {
                throw new ConnectException("Listener " + listener.scheme() + "://" + listener.host() + ":" + listener.port()
                        + " is not supported yet: only http:// listeners are");
            }
            ServerConnector connector = new ServerConnector(server);
            if (!listener.host().isEmpty()) {
                connector.setHost(listener.host());
            }
            connector.setPort(listener.port());
            connector.setIdleTimeout(90_000);
            server.addConnector(connector);
        }
    }

    static Listener parse(String listener) {
        URI uri;
        try {
            uri = URI.create(listener.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectException("Invalid listener '" + listener + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            throw new ConnectException("Invalid listener '" + listener + "': expected scheme://host:port, e.g. http://127.0.0.1:8083");
        }
        String host = authority.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(authority.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new ConnectException("Invalid listener '" + listener + "': the port is not a number");
        }
        return new Listener(scheme, host, port);
    }

    /** Binds the listeners; until {@link #initializeResources} is called, {@code /health} answers "starting". */
    public void start() {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        ResourceConfig starting = baseResources();
        starting.register(new StartingResource());
        jersey = new ServletContainer(starting);
        context.addServlet(new ServletHolder(jersey), "/*");
        context.addFilter(new FilterHolder(new LenientJsonFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        StatisticsHandler statistics = new StatisticsHandler();
        statistics.setHandler(context);
        server.setHandler(statistics);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new ConnectException("Could not start the REST server on " + config.getList(WorkerConfig.LISTENERS_CONFIG)
                    + ": " + e.getMessage(), e);
        }
        log.info("REST server listening on {}", advertisedUrl());
    }

    private static ResourceConfig baseResources() {
        ResourceConfig resources = new ResourceConfig();
        resources.register(new JacksonJsonProvider(JsonMapper.get()));
        resources.register(ErrorMapper.class);
        resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return resources;
    }

    /** Serves the API of the given herder. */
    public void initializeResources(Herder herder) {
        ResourceConfig resources = baseResources();
        resources.register(new RootResource(herder));
        resources.register(new ConnectorsResource(herder));
        resources.register(new ConnectorPluginsResource(herder));
        jersey.reload(resources);
    }

    /** The URL other workers and statuses use: {@code rest.advertised.*}, else the first listener. */
    public URI advertisedUrl() {
        Listener first = listeners.get(0);
        String scheme = config.getString(WorkerConfig.REST_ADVERTISED_LISTENER_CONFIG);
        scheme = scheme == null ? first.scheme() : scheme.toLowerCase(Locale.ROOT);
        String host = config.getString(WorkerConfig.REST_ADVERTISED_HOST_NAME_CONFIG);
        if (host == null) {
            host = first.host().isEmpty() ? server.getURI() == null ? "localhost" : server.getURI().getHost() : first.host();
        }
        Integer port = config.getInt(WorkerConfig.REST_ADVERTISED_PORT_CONFIG);
        if (port == null) {
            port = first.port() != 0 ? first.port() : ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        }
        return URI.create(scheme + "://" + host + ":" + port + "/");
    }

    /** The id statuses show for this worker: advertised host and port. */
    public String workerId() {
        URI url = advertisedUrl();
        return url.getHost() + ":" + url.getPort();
    }

    /** The port the first listener is bound to (useful when it was 0). */
    public int localPort() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public void stop() {
        try {
            server.stop();
            log.info("REST server stopped");
        } catch (Exception e) {
            log.warn("Error stopping the REST server", e);
        }
    }
}
