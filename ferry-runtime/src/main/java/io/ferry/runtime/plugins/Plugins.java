package io.ferry.runtime.plugins;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Every plugin the worker can use: those on {@code plugin.path}, each location with its own class loader, and those
 * on the worker's own class path (Apache's converters, transformations, predicates, config providers and policies).
 * Built once at start-up; read concurrently afterwards.
 */
public final class Plugins implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final PluginRegistry registry;
    private final PluginSuggestions suggestions;
    private final ClassLoader workerLoader;
    private final List<PluginClassLoader> loaders;
    private final List<PluginProblem> problems;
    private final DelegatingLoader delegatingLoader;
    private final Duration scanTime;

    private Plugins(ClassLoader workerLoader, PluginScanner scanner, Duration scanTime) {
        this.registry = scanner.registry();
        this.suggestions = new PluginSuggestions(registry);
        this.workerLoader = workerLoader;
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

    // ---- instantiation ----

    /** Creates an instance with the plugin's class loader as the thread's context loader. */
    public <T> T newPlugin(PluginDesc<?> desc, Class<T> expected) {
        if (!expected.isAssignableFrom(desc.pluginClass())) {
            throw new ConnectException(desc.className() + " is not a " + expected.getSimpleName());
        }
        try (var ignored = swapLoader(desc.loader())) {
            return expected.cast(desc.pluginClass().getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new ConnectException("Could not create " + desc.className() + " (from " + desc.location()
                    + "): its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConnectException("Could not create " + desc.className() + " (from " + desc.location() + "): " + e, e);
        }
    }

    /** Resolves a class name or alias and creates an instance; an unknown name is refused with the closest names. */
    public <T> T newPlugin(String classOrAlias, String versionRange, Class<T> expected, PluginType... acceptable) {
        PluginDesc<?> desc = find(classOrAlias, versionRange, acceptable).orElseThrow(() -> {
            String kind = acceptable.length == 0 ? expected.getSimpleName()
                    : Arrays.stream(acceptable).map(t -> t.superClass().getSimpleName()).distinct().collect(Collectors.joining(" or "));
            return new ConnectException(notFoundMessage(kind, classOrAlias, versionRange, acceptable));
        });
        return newPlugin(desc, expected);
    }

    /** The class loader to make current when calling into this plugin instance. */
    public ClassLoader loaderOf(Object plugin) {
        ClassLoader loader = plugin.getClass().getClassLoader();
        return loader instanceof PluginClassLoader ? loader : workerLoader;
    }

    public static LoaderSwap swapLoader(ClassLoader loader) {
        return new LoaderSwap(loader);
    }

    // ---- class names in configs ----

    /**
     * Parses a config whose ConfigDef has class-typed keys (converters, transformation types): Kafka resolves those
     * names through the thread's context loader, so the parse runs with the delegating loader current, which knows
     * every plugin by class name and alias, as the worker resolves them.
     */
    public <T> T withPluginNames(Supplier<T> parse) {
        try (var ignored = swapLoader(delegatingLoader)) {
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

    @Override
    public void close() {
        for (PluginClassLoader loader : loaders) {
            Utils.closeQuietly(loader, "plugin class loader " + loader.location());
        }
    }
}
