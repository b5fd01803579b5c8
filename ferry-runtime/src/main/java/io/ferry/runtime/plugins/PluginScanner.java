package io.ferry.runtime.plugins;

import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the plugins of the worker's class path (through ServiceLoader manifests) and of each plugin location (by
 * scanning class headers, reading manifests, or both), gives each location its class loader, and records every
 * plugin it can instantiate in a registry. A broken plugin is skipped and reported, never fatal.
 */
final class PluginScanner {

    private static final Logger log = LoggerFactory.getLogger(PluginScanner.class);

    private final ClassLoader workerLoader;
    private final PluginDiscoveryMode mode;
    private final PluginRegistry registry;
    private final List<PluginClassLoader> loaders = new ArrayList<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final List<String> missingManifests = new ArrayList<>();
    private int locations;

    PluginScanner(ClassLoader workerLoader, PluginDiscoveryMode mode) {
        this.workerLoader = workerLoader;
        this.mode = mode;
        this.registry = new PluginRegistry(workerLoader, this::workerClass);
    }

    PluginRegistry registry() {
        return registry;
    }

    /** The class loaders created, one per plugin location that holds plugins. */
    List<PluginClassLoader> loaders() {
        return loaders;
    }

    List<PluginProblem> problems() {
        return problems;
    }

    /** Plugins found by scanning that a ServiceLoader-only discovery would miss. */
    List<String> missingManifests() {
        return missingManifests;
    }

    /** How many plugin locations were read. */
    int locations() {
        return locations;
    }

    void scan(List<String> pluginPath) {
        discoverClasspath();
        for (String entry : pluginPath == null ? List.<String>of() : pluginPath) {
            List<PluginProblem> entryProblems = new ArrayList<>();
            for (PluginLocation location : PluginPath.locations(entry, entryProblems)) {
                locations += discoverLocation(location);
            }
            entryProblems.forEach(this::problem);
        }
        registry.computeAliases();
    }

    private void discoverClasspath() {
        for (PluginType type : PluginType.values()) {
            ServiceLoader<?> services = ServiceLoader.load(type.superClass(), workerLoader);
            var iterator = services.stream().iterator();
            while (true) {
                Class<?> c;
                try {
                    if (!iterator.hasNext()) {
                        break;
                    }
                    c = iterator.next().type();
                } catch (ServiceConfigurationError | LinkageError e) {
                    log.debug("Skipping a {} service on the class path: {}", type.jsonName(), e.toString());
                    continue;
                }
                register(c, type, PluginDesc.CLASSPATH, workerLoader);
            }
        }
    }

    /** Discovers one location; returns the number of class loaders it created. */
    private int discoverLocation(PluginLocation location) {
        if (location.flat()) {
            return discoverFlat(location);
        }
        LocationIndex index = new LocationIndex(this::workerClass);
        for (Path root : location.roots()) {
            try {
                index.add(root);
            } catch (IOException | RuntimeException e) {
                problem(new PluginProblem(root.toString(), "cannot be read (" + e + ")"));
            }
        }
        registerIndexed(location, index);
        return 1;
    }

    /**
     * A plugin.path entry holding only jars: separate uber-jars when every jar holds plugins, else one plugin
     * directory (the entry named a plugin's own directory instead of its parent).
     */
    private int discoverFlat(PluginLocation location) {
        Map<Path, LocationIndex> indexes = new LinkedHashMap<>();
        boolean allHavePlugins = true;
        for (Path jar : location.roots()) {
            LocationIndex index = new LocationIndex(this::workerClass);
            try {
                index.add(jar);
            } catch (IOException | RuntimeException e) {
                problem(new PluginProblem(jar.toString(), "cannot be read (" + e + ")"));
                continue;
            }
            indexes.put(jar, index);
            allHavePlugins &= !index.scannedPlugins().isEmpty() || index.hasManifests();
        }
        if (allHavePlugins) {
            indexes.forEach((jar, index) -> registerIndexed(new PluginLocation(jar, List.of(jar)), index));
            return indexes.size();
        }
        log.warn("plugin.path entry {} holds the jars of one plugin; it is loaded as one plugin, but plugin.path "
                + "should name its parent directory ({})", location.path(), location.path().getParent());
        LocationIndex merged = new LocationIndex(this::workerClass);
        for (Path jar : indexes.keySet()) {
            try {
                merged.add(jar);
            } catch (IOException e) {
                problem(new PluginProblem(jar.toString(), "cannot be read (" + e + ")"));
            }
        }
        registerIndexed(new PluginLocation(location.path(), new ArrayList<>(indexes.keySet())), merged);
        return 1;
    }

    private void registerIndexed(PluginLocation location, LocationIndex index) {
        Map<String, Set<PluginType>> candidates = new TreeMap<>();
        Map<String, Set<PluginType>> scanned = mode.scans() ? index.scannedPlugins() : Map.of();
        candidates.putAll(scanned);
        for (PluginType type : PluginType.values()) {
            if (mode.readsManifests() || type.manifestOnly()) {
                for (String name : index.manifest(type)) {
                    candidates.computeIfAbsent(name, n -> new HashSet<>()).add(type);
                }
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        PluginClassLoader loader = new PluginClassLoader(location.toString(), location.urls(), workerLoader);
        loaders.add(loader);
        JdbcDrivers.register(loader, location.toString());
        for (Map.Entry<String, Set<PluginType>> candidate : candidates.entrySet()) {
            String name = candidate.getKey();
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                problem(new PluginProblem(location.toString(), "class " + name + " is listed in a ServiceLoader manifest but not found"));
                continue;
            } catch (LinkageError e) {
                problem(new PluginProblem(location.toString(), "class " + name + " cannot be loaded: " + e));
                continue;
            }
            if (c.getClassLoader() != loader || !isInstantiable(c)) {
                continue;
            }
            boolean registered = false;
            for (PluginType type : candidate.getValue()) {
                if (type.superClass().isAssignableFrom(c)) {
                    registered |= register(c, type, location.toString(), loader);
                }
            }
            if (registered && scanned.containsKey(name) && mode.scans() && mode.readsManifests()
                    && candidate.getValue().stream().anyMatch(t -> !index.manifest(t).contains(name))) {
                missingManifests.add(name + " (" + location + ")");
            }
        }
    }

    static boolean isInstantiable(Class<?> c) {
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            return false;
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            return false;
        }
        try {
            return Modifier.isPublic(c.getConstructor().getModifiers());
        } catch (NoSuchMethodException | LinkageError e) {
            return false;
        }
    }

    /** Records a plugin; asks versioned plugins for their version. False when the plugin is broken and skipped. */
    private boolean register(Class<?> c, PluginType type, String location, ClassLoader loader) {
        String version = PluginDesc.UNDEFINED_VERSION;
        if (Versioned.class.isAssignableFrom(c) || Connector.class.isAssignableFrom(c)) {
            try (var ignored = new LoaderSwap(loader)) {
                Object instance = c.getDeclaredConstructor().newInstance();
                String v = instance instanceof Versioned versioned ? versioned.version() : null;
                version = v == null || v.isBlank() ? PluginDesc.UNDEFINED_VERSION : v;
            } catch (InvocationTargetException e) {
                problem(new PluginProblem(location, "the constructor of " + c.getName() + " threw " + e.getCause()));
                return false;
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                problem(new PluginProblem(location, c.getName() + " cannot be instantiated: " + e));
                return false;
            }
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        PluginDesc<?> desc = new PluginDesc(c, c.getName(), type, version, location, loader);
        registry.add(desc);
        return true;
    }

    private void problem(PluginProblem problem) {
        problems.add(problem);
        log.error("Skipping plugin at {}: {}", problem.location(), problem.reason());
    }

    private Class<?> workerClass(String name) {
        try {
            return Class.forName(name, false, workerLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
