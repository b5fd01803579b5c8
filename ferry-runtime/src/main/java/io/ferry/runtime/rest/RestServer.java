package io.ferry.runtime.rest;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import io.ferry.runtime.cluster.ClusterClient;
import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.cluster.ReadinessRule;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.IsolatedRestExtension;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.cluster.PasswordMasking;
import io.ferry.runtime.metrics.prometheus.AutoRestartCollector;
import io.ferry.runtime.metrics.prometheus.PrometheusEndpoint;
import io.ferry.runtime.rest.resources.ConnectorPluginsResource;
import io.ferry.runtime.rest.resources.ConnectorsResource;
import io.ferry.runtime.rest.resources.HealthResource;
import io.ferry.runtime.rest.resources.LoggingResource;
import io.ferry.runtime.rest.resources.MetricsResource;
import io.ferry.runtime.rest.resources.RootResource;
import io.ferry.runtime.rest.resources.StartingResource;
import io.ferry.runtime.rest.security.RestSecurity;
import jakarta.servlet.DispatcherType;
import jakarta.ws.rs.core.Configurable;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The REST API: Jetty with Jersey (JAX-RS, so Kafka Connect REST extensions can register resources and filters), on
 * the worker's {@code listeners}, with {@code /admin} on {@code admin.listeners} when those are set.
 */
public class RestServer {

    private static final Logger log = LoggerFactory.getLogger(RestServer.class);
    private static final String MAIN = "ferry";
    private static final String ADMIN = "admin";
    // Jersey warns about every resource registered as an instance, which is how resources get their herder.
    private static final java.util.logging.Logger JERSEY_PROVIDERS =
            java.util.logging.Logger.getLogger("org.glassfish.jersey.internal.inject.Providers");

    static {
        JERSEY_PROVIDERS.setLevel(java.util.logging.Level.SEVERE);
    }

    private final WorkerConfig config;
    private final ClassLoader requestLoader;
    private final Server server = new Server();
    private final List<Listener> listeners = new ArrayList<>();
    private final List<Listener> adminListeners;
    private final List<IsolatedRestExtension> extensions = new ArrayList<>();
    private ServletContainer jersey;
    private ServletContainer adminJersey;
    private final ReloadGate gate = new ReloadGate();
    private final ReloadGate adminGate = new ReloadGate();
    private final ClusterClient clusterClient;
    private final RequestForwarder forwarder;
    private final List<RestSecurity.Endpoint> endpoints = new ArrayList<>();
    private final RestSecurity security;

    record Listener(String scheme, String host, int port) {
    }

    /** @param requestLoader the context class loader of request threads (the plugins' delegating loader), or null */
    public RestServer(WorkerConfig config, ClassLoader requestLoader) {
        this.config = config;
        this.requestLoader = requestLoader;
        for (String listener : config.getList(WorkerConfig.LISTENERS_CONFIG)) {
            listeners.add(parse(listener));
        }
        if (listeners.isEmpty()) {
            throw new ConnectException("At least one REST listener is required in '" + WorkerConfig.LISTENERS_CONFIG + "'");
        }
        List<String> admin = config.getList(WorkerConfig.ADMIN_LISTENERS_CONFIG);
        adminListeners = admin == null ? null : admin.stream().map(RestServer::parse).toList();
        boolean separateAdmin = adminListeners != null && !adminListeners.isEmpty();
        for (Listener listener : listeners) {
            server.addConnector(connector(listener, separateAdmin ? MAIN : null, "listeners.https."));
        }
        if (separateAdmin) {
            for (Listener listener : adminListeners) {
                server.addConnector(connector(listener, ADMIN, "admin.listeners.https."));
            }
        }
        security = RestSecurity.of(config, endpoints);
        clusterClient = new ClusterClient(this::newClusterClient);
        forwarder = new RequestForwarder(clusterClient);
    }

    static Listener parse(String listener) {
        URI uri;
        try {
            uri = URI.create(listener.trim());
        } catch (IllegalArgumentException e) {
            throw new ConnectException("Invalid listener '" + listener + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConnectException("Invalid listener '" + listener + "': the scheme must be http or https");
        }
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int colon = authority.lastIndexOf(':');
        if (colon < 0) {
            throw new ConnectException("Invalid listener '" + listener + "': expected scheme://host:port, e.g. http://127.0.0.1:8083");
        }
        try {
            return new Listener(scheme, authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new ConnectException("Invalid listener '" + listener + "': the port is not a number");
        }
    }

    private static List<String> commaList(String value) {
        List<String> result = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                result.add(item.trim());
            }
        }
        return result;
    }

    private ServerConnector connector(Listener listener, String name, String sslPrefix) {
        boolean https = listener.scheme().equals("https");
        endpoints.add(new RestSecurity.Endpoint(listener.scheme() + "://" + listener.host() + ":" + listener.port(),
                listener.host(), https && "required".equalsIgnoreCase(TlsSettings.of(config, sslPrefix).get("ssl.client.auth"))));
        HttpConfiguration http = RequestLimits.httpConfiguration();
        ServerConnector connector = https
                ? new ServerConnector(server, sslContextFactory(sslPrefix), new HttpConnectionFactory(withClientCertificates(http)))
                : new ServerConnector(server, new HttpConnectionFactory(http));
        if (name != null) {
            connector.setName(name);
        }
        if (!listener.host().isEmpty()) {
            connector.setHost(listener.host());
        }
        connector.setPort(listener.port());
        connector.setIdleTimeout(90_000);
        return connector;
    }

    /**
     * HTTP on TLS that gives requests their client certificates (for {@code rest.auth.certificates.file}). Jetty's
     * check that the Host header matches the server certificate stays off, as it was: the Host header check is
     * {@code rest.allowed.hosts}'s.
     */
    private static HttpConfiguration withClientCertificates(HttpConfiguration http) {
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        http.addCustomizer(secure);
        return http;
    }

    private SslContextFactory.Server sslContextFactory(String prefix) {
        TlsSettings ssl = TlsSettings.of(config, prefix);
        SslContextFactory.Server factory = new SslContextFactory.Server();
        if (ssl.get("ssl.keystore.location") == null) {
            throw new ConnectException("An https listener needs ssl.keystore.location (or " + prefix + "ssl.keystore.location)");
        }
        factory.setKeyStorePath(ssl.get("ssl.keystore.location"));
        factory.setKeyStoreType(ssl.get("ssl.keystore.type", "JKS"));
        if (ssl.get("ssl.keystore.password") != null) {
            factory.setKeyStorePassword(ssl.get("ssl.keystore.password"));
        }
        if (ssl.get("ssl.key.password") != null) {
            factory.setKeyManagerPassword(ssl.get("ssl.key.password"));
        }
        if (ssl.get("ssl.truststore.location") != null) {
            factory.setTrustStorePath(ssl.get("ssl.truststore.location"));
            factory.setTrustStoreType(ssl.get("ssl.truststore.type", "JKS"));
            if (ssl.get("ssl.truststore.password") != null) {
                factory.setTrustStorePassword(ssl.get("ssl.truststore.password"));
            }
        }
        factory.setProtocol(ssl.get("ssl.protocol", "TLSv1.3"));
        factory.setIncludeProtocols(commaList(ssl.get("ssl.enabled.protocols", "TLSv1.2,TLSv1.3")).toArray(String[]::new));
        if (ssl.get("ssl.cipher.suites") != null && !ssl.get("ssl.cipher.suites").isBlank()) {
            factory.setIncludeCipherSuites(commaList(ssl.get("ssl.cipher.suites")).toArray(String[]::new));
        }
        if (ssl.get("ssl.keymanager.algorithm") != null) {
            factory.setKeyManagerFactoryAlgorithm(ssl.get("ssl.keymanager.algorithm"));
        }
        if (ssl.get("ssl.trustmanager.algorithm") != null) {
            factory.setTrustManagerFactoryAlgorithm(ssl.get("ssl.trustmanager.algorithm"));
        }
        String clientAuth = ssl.get("ssl.client.auth").toLowerCase(Locale.ROOT);
        factory.setNeedClientAuth(clientAuth.equals("required"));
        factory.setWantClientAuth(clientAuth.equals("requested"));
        return factory;
    }

    /**
     * The HTTP client this worker calls other workers of its cluster with (forwarded requests, task configs for the
     * leader). With an HTTPS listener it uses the listener's TLS settings, since the other workers serve with the same.
     */
    private HttpClient newClusterClient() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (listeners.stream().anyMatch(l -> l.scheme().equals("https"))) {
            builder.sslContext(TlsSettings.of(config, "listeners.https.").clientContext());
        }
        return builder.build();
    }

    /** The client for calls to other workers of the cluster, built on first use; see {@link #newClusterClient()}. */
    public ClusterClient clusterClient() {
        return clusterClient;
    }

    /**
     * Binds the listeners; until {@link #initializeResources} is called, {@code /health} and {@code /health/ready}
     * answer "starting" (503) and {@code /health/live} that the process is up.
     */
    public void start() {
        ResourceConfig starting = baseResources();
        starting.register(new StartingResource());
        jersey = new ServletContainer(starting);
        ServletContextHandler main = context(jersey, gate);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        contexts.addHandler(main);
        if (adminListeners != null && !adminListeners.isEmpty()) {
            main.setVirtualHosts(List.of("@" + MAIN));
            adminJersey = new ServletContainer(baseResources());
            ServletContextHandler admin = context(adminJersey, adminGate);
            admin.setVirtualHosts(List.of("@" + ADMIN));
            contexts.addHandler(admin);
        }
        Handler handler = contexts;
        String origins = config.getString(WorkerConfig.ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG);
        if (origins != null && !origins.isBlank()) {
            handler = crossOrigin(origins, config.getString(WorkerConfig.ACCESS_CONTROL_ALLOW_METHODS_CONFIG), handler);
        }
        StatisticsHandler statistics = new StatisticsHandler();
        statistics.setHandler(RequestLimits.limitBodies(handler));
        server.setHandler(statistics);
        server.setErrorHandler(new JsonErrorHandlers.ForServer());
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            throw new ConnectException("Could not start the REST server on " + config.getList(WorkerConfig.LISTENERS_CONFIG)
                    + ": " + e.getMessage(), e);
        }
        log.info("REST server listening on {}", advertisedUrl());
        security.warnIfExposed(endpoints);
    }

    private ServletContextHandler context(ServletContainer container, ReloadGate reloadGate) {
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (requestLoader != null) {
            context.setClassLoader(requestLoader);
        }
        context.setErrorHandler(new JsonErrorHandlers.ForContext());
        // Paths with encoded separators pass Jetty (RequestLimits.URI_COMPLIANCE); the API decodes them itself.
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(container), "/*");
        // First, so that the swap to the full API never overlaps a request (see ReloadGate).
        context.addFilter(new FilterHolder(reloadGate), "/*", EnumSet.of(DispatcherType.REQUEST));
        // Host header check and authentication, before anything reads the body or Jersey (and its extensions) runs.
        context.addFilter(new FilterHolder(security.filter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new LenientJsonFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        List<ResponseHeadersFilter.Rule> rules = ResponseHeadersFilter.parse(
                config.getString(WorkerConfig.RESPONSE_HTTP_HEADERS_CONFIG));
        if (!rules.isEmpty()) {
            context.addFilter(new FilterHolder(new ResponseHeadersFilter(rules)), "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        return context;
    }

    /** CORS ({@code access.control.allow.origin}, {@code access.control.allow.methods}), preflights answered. */
    private static CrossOriginHandler crossOrigin(String origins, String methods, Handler next) {
        CrossOriginHandler cors = new CrossOriginHandler();
        Set<String> patterns = new HashSet<>();
        for (String origin : commaList(origins)) {
            patterns.add(origin.equals("*") ? "*" : Arrays.stream(origin.split("\\*", -1)).map(Pattern::quote)
                    .reduce((a, b) -> a + ".*" + b).orElse(""));
        }
        cors.setAllowedOriginPatterns(patterns);
        if (methods != null && !methods.isBlank()) {
            cors.setAllowedMethods(new HashSet<>(commaList(methods)));
        }
        cors.setDeliverPreflightRequests(false);
        cors.setHandler(next);
        return cors;
    }

    private ResourceConfig baseResources() {
        ResourceConfig resources = new ResourceConfig();
        resources.register(new JacksonJsonProvider(JsonMapper.get()));
        resources.register(new ErrorMapper(forwarder));
        resources.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return resources;
    }

    /** Serves the API of the given herder, with the REST extensions of {@code rest.extension.classes}. */
    public void initializeResources(Herder herder, Plugins plugins) {
        ResourceConfig resources = baseResources();
        MetricsResource metrics = new MetricsResource(new PrometheusEndpoint(herder::connectorStatuses,
                () -> restarts(herder), herder.workerId()));
        resources.register(metrics);
        resources.register(new RootResource(herder));
        resources.register(new HealthResource(herder, ReadinessRule.of(config)));
        resources.register(new ConnectorsResource(herder, new PasswordMasking(plugins, config), config.getBoolean(WorkerConfig.TOPIC_TRACKING_ENABLE_CONFIG),
                config.getBoolean(WorkerConfig.TOPIC_TRACKING_ALLOW_RESET_CONFIG)));
        resources.register(new ConnectorPluginsResource(herder));
        List<String> admin = config.getList(WorkerConfig.ADMIN_LISTENERS_CONFIG);
        if (admin == null) {
            resources.register(new LoggingResource(herder));
        }
        registerExtensions(resources, herder, plugins);
        security.trustSignaturesWhile(herder::verifiesInternalRequestSignatures);
        gate.swap(() -> jersey.reload(resources));
        if (adminJersey != null) {
            ResourceConfig adminResources = baseResources();
            adminResources.register(new LoggingResource(herder));
            adminResources.register(metrics);
            registerExtensions(adminResources, herder, plugins);
            adminGate.swap(() -> adminJersey.reload(adminResources));
        }
    }

    private static List<AutoRestartCollector.Restarts> restarts(Herder herder) {
        return herder.autoRestarts().entrySet().stream()
                .map(e -> new AutoRestartCollector.Restarts(e.getKey().connector(), e.getKey().task(), e.getValue()))
                .toList();
    }

    private void registerExtensions(ResourceConfig resources, Herder herder, Plugins plugins) {
        List<String> classes = config.getList(WorkerConfig.REST_EXTENSION_CLASSES_CONFIG);
        ConnectClusterState clusterState = new HerderClusterState(herder);
        for (String className : classes) {
            IsolatedRestExtension extension = plugins.newRestExtension(className.trim());
            extension.configure(config.originals());
            extension.register(new ConnectRestExtensionContext() {
                @Override
                public Configurable<? extends Configurable<?>> configurable() {
                    return resources;
                }

                @Override
                public ConnectClusterState clusterState() {
                    return clusterState;
                }
            });
            extensions.add(extension);
            log.info("Registered REST extension {}", extension.pluginClass().getName());
        }
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
            port = first.port() != 0 ? first.port() : localPort();
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

    /** The port the first admin listener is bound to, or -1 when /admin is served on the main listeners. */
    public int adminPort() {
        for (var connector : server.getConnectors()) {
            if (ADMIN.equals(connector.getName())) {
                return ((ServerConnector) connector).getLocalPort();
            }
        }
        return -1;
    }

    public void stop() {
        extensions.forEach(IsolatedRestExtension::close);
        try {
            server.stop();
            log.info("REST server stopped");
        } catch (Exception e) {
            log.warn("Error stopping the REST server", e);
        }
    }
}
