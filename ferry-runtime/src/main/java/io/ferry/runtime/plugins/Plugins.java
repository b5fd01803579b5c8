package io.ferry.runtime.plugins;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every plugin the worker can use: those on {@code plugin.path}, each location with its own class loader, and those
 * on the worker's own class path (Apache's converters, transformations, predicates, config providers and policies).
 * Built once at start-up; read concurrently afterwards. Plugin instances come out wrapped ({@link Isolated}), so
 * that every call into them runs with their own class loader current.
 */
public final class Plugins implements AutoCloseable {

    static final int CLOSE_GRACE_SECONDS = 30;
    private static final ScheduledExecutorService LOADER_CLOSER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "plugin-class-loader-closer");
        thread.setDaemon(true);
        return thread;
    });

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final PluginRegistry registry;
    private final PluginSuggestions suggestions;
    private final PluginFactory factory;
    private final List<PluginClassLoader> loaders;
    private final List<PluginProblem> problems;
    private final DelegatingLoader delegatingLoader;
    private final Duration scanTime;

    private Plugins(ClassLoader workerLoader, PluginScanner scanner, Duration scanTime) {
        this.registry = scanner.registry();
        this.suggestions = new PluginSuggestions(registry);
        this.factory = new PluginFactory(registry, suggestions);
        this.loaders = List.copyOf(scanner.loaders());
        this.problems = List.copyOf(scanner.problems());
        this.delegatingLoader = new DelegatingLoader(workerLoader, registry, loaders);
        this.scanTime = scanTime;
    }

    public static List<String> splitPluginPath(String pluginPathValue) {
        return PluginPath.split(pluginPathValue);
    }

    /** Finds every plugin on the plugin path and on the worker's class path. */
    public static Plugins discover(List<String> pluginPath, PluginDiscoveryMode mode) {
        long begin = System.nanoTime();
        ClassLoader workerLoader = Plugins.class.getClassLoader();
        PluginScanner scanner = new PluginScanner(workerLoader, mode);
        scanner.scan(pluginPath);
        Plugins plugins = new Plugins(workerLoader, scanner, Duration.ofNanos(System.nanoTime() - begin));
        List<String> missingManifests = scanner.missingManifests();
        if (!missingManifests.isEmpty()) {
            if (mode == PluginDiscoveryMode.HYBRID_FAIL) {
                plugins.close();
                throw new ConnectException("plugin.discovery=hybrid_fail and these plugins have no ServiceLoader "
                        + "manifest: " + String.join(", ", missingManifests));
            }
            if (mode == PluginDiscoveryMode.HYBRID_WARN) {
                log.warn("These plugins have no ServiceLoader manifest and will not be found with "
                        + "plugin.discovery=service_load: {}", String.join(", ", missingManifests));
            }
        }
        log.info("Found {} plugins ({}) in {} plugin location(s) and the class path in {} s{}",
                plugins.registry.size(), plugins.summary(), scanner.locations(),
                String.format(Locale.ROOT, "%.2f", plugins.scanTime.toMillis() / 1000.0),
                plugins.problems.isEmpty() ? "" : "; " + plugins.problems.size() + " skipped");
        return plugins;
    }

    private String summary() {
        return java.util.Arrays.stream(PluginType.values()).filter(t -> !registry.plugins(t).isEmpty())
                .map(t -> registry.plugins(t).size() + " " + t.jsonName())
                .collect(Collectors.joining(", "));
    }

    // ---- lookups ----

    public SortedSet<PluginDesc<?>> plugins(PluginType type) {
        return registry.plugins(type);
    }

    public Map<String, String> aliases() {
        return registry.aliases();
    }

    public Optional<PluginDesc<?>> find(String classOrAlias, PluginType... acceptable) {
        return registry.find(classOrAlias, null, acceptable);
    }

    /** The newest plugin of an acceptable type with that class name or alias that meets the version requirement. */
    public Optional<PluginDesc<?>> find(String classOrAlias, String versionRange, PluginType... acceptable) {
        return registry.find(classOrAlias, versionRange, acceptable);
    }

    /**
     * Checks the syntax of a version requirement ({@code connector.plugin.version}, {@code ?version=}, ...): a
     * ConnectException with Maven's words for a malformed range.
     */
    public static void checkVersionRange(String requirement) {
        PluginVersions.validate(requirement);
    }

    /** A valid version requirement as Maven writes a range: {@code 1.0,2.0} is {@code [1.0,2.0]}. */
    public static String describeVersionRange(String requirement) {
        return PluginVersions.describe(requirement);
    }

    /** The versions installed of a plugin class or alias, among the acceptable types, oldest first. */
    public List<String> versionsOf(String classOrAlias, PluginType... acceptable) {
        return registry.versionsOf(classOrAlias, acceptable);
    }

    /** Why nothing was found: the versions there are, or the closest names. */
    public String notFoundMessage(String kind, String classOrAlias, String versionRange, PluginType... acceptable) {
        return suggestions.notFoundMessage(kind, classOrAlias, versionRange, acceptable);
    }

    /** Installed plugin names (aliases, else class names) closest to a name that matched nothing. */
    public List<String> closestMatches(String name, int max, PluginType... types) {
        return suggestions.closestMatches(name, max, types);
    }

    /**
     * A plugin class that a plugin location bundles itself (a connector shipping its own converter); empty when the
     * location has no copy of its own.
     */
    public Optional<PluginDesc<?>> bundledWith(ClassLoader pluginLoader, String classOrAlias, PluginType type) {
        return factory.bundledWith(pluginLoader, classOrAlias, type);
    }

    // ---- instances, always isolated ----

    public IsolatedConnector newConnector(PluginDesc<?> desc) {
        return factory.connector(desc);
    }

    /** A task of the class a connector's task config names, from the connector's loader. */
    public IsolatedTask<?> newTask(String taskClassName, ClassLoader connectorLoader) {
        return factory.task(taskClassName, connectorLoader);
    }

    public IsolatedConverter newConverter(PluginDesc<?> desc) {
        return factory.converter(desc);
    }

    public IsolatedConverter newConverter(String classOrAlias, String versionRange) {
        return factory.converter(factory.require(classOrAlias, versionRange, PluginType.CONVERTER));
    }

    public IsolatedHeaderConverter newHeaderConverter(PluginDesc<?> desc) {
        return factory.headerConverter(desc);
    }

    public IsolatedHeaderConverter newHeaderConverter(String classOrAlias, String versionRange) {
        return factory.headerConverter(factory.require(classOrAlias, versionRange, PluginType.HEADER_CONVERTER));
    }

    public <R extends ConnectRecord<R>> IsolatedTransformation<R> newTransformation(PluginDesc<?> desc) {
        return factory.transformation(desc);
    }

    public <R extends ConnectRecord<R>> IsolatedTransformation<R> newTransformation(String classOrAlias, String versionRange) {
        return factory.transformation(factory.require(classOrAlias, versionRange, PluginType.TRANSFORMATION));
    }

    public <R extends ConnectRecord<R>> IsolatedPredicate<R> newPredicate(PluginDesc<?> desc) {
        return factory.predicate(desc);
    }

    public <R extends ConnectRecord<R>> IsolatedPredicate<R> newPredicate(String classOrAlias, String versionRange) {
        return factory.predicate(factory.require(classOrAlias, versionRange, PluginType.PREDICATE));
    }

    public IsolatedConfigProvider newConfigProvider(String classOrAlias) {
        return factory.configProvider(factory.require(classOrAlias, null, PluginType.CONFIGPROVIDER));
    }

    public IsolatedRestExtension newRestExtension(String classOrAlias) {
        return factory.restExtension(factory.require(classOrAlias, null, PluginType.REST_EXTENSION));
    }

    public IsolatedOverridePolicy newOverridePolicy(String classOrAlias) {
        return factory.overridePolicy(factory.require(classOrAlias, null,
                PluginType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY));
    }

    // ---- class names in configs ----

    /**
     * Parses a config whose ConfigDef has class-typed keys (converters, transformation types): Kafka resolves those
     * names through the thread's context loader, so the parse runs with the delegating loader current, which knows
     * every plugin by class name and alias, as the worker resolves them.
     */
    public <T> T withPluginNames(Supplier<T> parse) {
        try (LoaderSwap ignored = new LoaderSwap(delegatingLoader)) {
            return parse.get();
        }
    }

    /**
     * Loads any discovered plugin class by name or alias (the newest version), else the worker's class of that name,
     * else the first plugin that has it: the context loader of REST threads.
     */
    public ClassLoader delegatingLoader() {
        return delegatingLoader;
    }

    public List<PluginProblem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public Duration scanTime() {
        return scanTime;
    }

    /**
     * Closes the plugins' class loaders, and so their jar files, {@link #CLOSE_GRACE_SECONDS} seconds from now: a
     * plugin's client may still be finishing threads of its own after its tasks stopped (an event loop shutting
     * down), and would fail to load its last classes from jars closed under it.
     */
    @Override
    public void close() {
        List<PluginClassLoader> closing = List.copyOf(loaders);
        LOADER_CLOSER.schedule(() -> closing.forEach(loader -> Utils.closeQuietly(loader, "plugin class loader " + loader.location())),
                CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
    }
}
