package io.ferry.runtime.plugins;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every plugin the worker can use: those on {@code plugin.path}, each location with its own class loader, and those
 * on the worker's own class path (Apache's converters, transformations, predicates, config providers and policies).
 * Built once at start-up; read concurrently afterwards.
 */
public final class Plugins implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Plugins.class);

    private final ClassLoader workerLoader;
    private final List<PluginClassLoader> loaders = new ArrayList<>();
    private final Map<PluginType, SortedSet<PluginDesc<?>>> byType = new EnumMap<>(PluginType.class);
    private final Map<String, SortedSet<PluginDesc<?>>> byClass = new HashMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final List<PluginProblem> problems = new ArrayList<>();
    private final DelegatingLoader delegatingLoader;
    private Duration scanTime = Duration.ZERO;

    private Plugins(ClassLoader workerLoader) {
        this.workerLoader = workerLoader;
        this.delegatingLoader = new DelegatingLoader(workerLoader);
        for (PluginType type : PluginType.values()) {
            byType.put(type, new TreeSet<>());
        }
    }

    public static List<String> splitPluginPath(String pluginPathValue) {
        return PluginPath.split(pluginPathValue);
    }

    /** Finds every plugin on the plugin path and on the worker's class path. */
    public static Plugins discover(List<String> pluginPath, PluginDiscoveryMode mode) {
        long begin = System.nanoTime();
        Plugins plugins = new Plugins(Plugins.class.getClassLoader());
        plugins.discoverClasspath();
        List<String> missingManifests = new ArrayList<>();
        int locations = 0;
        for (String entry : pluginPath == null ? List.<String>of() : pluginPath) {
            List<PluginProblem> entryProblems = new ArrayList<>();
            for (PluginLocation location : PluginPath.locations(entry, entryProblems)) {
                locations += plugins.discoverLocation(location, mode, missingManifests);
            }
            entryProblems.forEach(plugins::problem);
        }
        plugins.computeAliases();
        plugins.scanTime = Duration.ofNanos(System.nanoTime() - begin);
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
                plugins.byClass.values().stream().mapToInt(Set::size).sum(), plugins.summary(), locations,
                String.format(Locale.ROOT, "%.2f", plugins.scanTime.toMillis() / 1000.0),
                plugins.problems.isEmpty() ? "" : "; " + plugins.problems.size() + " skipped");
        return plugins;
    }

    private String summary() {
        return byType.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getValue().size() + " " + e.getKey().jsonName())
                .collect(Collectors.joining(", "));
    }

    // ---- discovery ----

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
    private int discoverLocation(PluginLocation location, PluginDiscoveryMode mode, List<String> missingManifests) {
        if (location.flat()) {
            return discoverFlat(location, mode, missingManifests);
        }
        LocationIndex index = new LocationIndex(this::workerClass);
        for (java.nio.file.Path root : location.roots()) {
            try {
                index.add(root);
            } catch (IOException | RuntimeException e) {
                problem(new PluginProblem(root.toString(), "cannot be read (" + e + ")"));
            }
        }
        registerIndexed(location, index, mode, missingManifests);
        return 1;
    }

    /**
     * A plugin.path entry holding only jars: separate uber-jars when every jar holds plugins, else one plugin
     * directory (the entry named a plugin's own directory instead of its parent).
     */
    private int discoverFlat(PluginLocation location, PluginDiscoveryMode mode, List<String> missingManifests) {
        Map<java.nio.file.Path, LocationIndex> indexes = new LinkedHashMap<>();
        boolean allHavePlugins = true;
        for (java.nio.file.Path jar : location.roots()) {
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
            indexes.forEach((jar, index) -> registerIndexed(new PluginLocation(jar, List.of(jar)), index, mode, missingManifests));
            return indexes.size();
        }
        log.warn("plugin.path entry {} holds the jars of one plugin; it is loaded as one plugin, but plugin.path "
                + "should name its parent directory ({})", location.path(), location.path().getParent());
        LocationIndex merged = new LocationIndex(this::workerClass);
        for (java.nio.file.Path jar : indexes.keySet()) {
            try {
                merged.add(jar);
            } catch (IOException e) {
                problem(new PluginProblem(jar.toString(), "cannot be read (" + e + ")"));
            }
        }
        registerIndexed(new PluginLocation(location.path(), new ArrayList<>(indexes.keySet())), merged, mode, missingManifests);
        return 1;
    }

    private void registerIndexed(PluginLocation location, LocationIndex index, PluginDiscoveryMode mode,
                                 List<String> missingManifests) {
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
        registerJdbcDrivers(loader, location.toString());
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

    private static boolean isInstantiable(Class<?> c) {
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
            try (var ignored = swapLoader(loader)) {
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
        byType.get(type).add(desc);
        byClass.computeIfAbsent(c.getName(), n -> new TreeSet<>()).add(desc);
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

    private void computeAliases() {
        Map<String, Set<String>> candidates = new HashMap<>();
        for (SortedSet<PluginDesc<?>> descs : byClass.values()) {
            for (PluginDesc<?> desc : descs) {
                String simple = desc.pluginClass().getSimpleName();
                if (simple.isEmpty()) {
                    continue;
                }
                candidates.computeIfAbsent(simple, s -> new HashSet<>()).add(desc.className());
                for (String suffix : suffixes(desc.type())) {
                    int at = simple.lastIndexOf(suffix);
                    if (at > 0 && at + suffix.length() == simple.length()) {
                        candidates.computeIfAbsent(simple.substring(0, at), s -> new HashSet<>()).add(desc.className());
                    }
                }
            }
        }
        candidates.forEach((alias, classes) -> {
            if (classes.size() == 1 && !byClass.containsKey(alias)) {
                aliases.put(alias, classes.iterator().next());
            }
        });
    }

    private static List<String> suffixes(PluginType type) {
        return type == PluginType.TRANSFORMATION ? List.of(type.aliasSuffix(), "Transform") : List.of(type.aliasSuffix());
    }

    // ---- lookups ----

    public SortedSet<PluginDesc<?>> plugins(PluginType type) {
        return Collections.unmodifiableSortedSet(byType.get(type));
    }

    public Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    public Optional<PluginDesc<?>> find(String classOrAlias, PluginType... acceptable) {
        return find(classOrAlias, null, acceptable);
    }

    /** The newest plugin of an acceptable type with that class name or alias that meets the version requirement. */
    public Optional<PluginDesc<?>> find(String classOrAlias, String versionRange, PluginType... acceptable) {
        if (classOrAlias == null) {
            return Optional.empty();
        }
        PluginVersions.validate(versionRange);
        String name = classOrAlias.trim();
        String className = aliases.getOrDefault(name, name);
        Set<PluginType> types = acceptable.length == 0 ? Set.of(PluginType.values()) : Set.of(acceptable);
        SortedSet<PluginDesc<?>> descs = byClass.get(className);
        if (descs != null) {
            PluginDesc<?> best = null;
            for (PluginDesc<?> desc : descs) {
                if (types.contains(desc.type()) && PluginVersions.matches(versionRange, desc.version())) {
                    best = desc;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
            return Optional.empty();
        }
        return classpathOnlyPlugin(className, types);
    }

    /** The versions installed of a plugin class or alias, among the acceptable types, oldest first. */
    public List<String> versionsOf(String classOrAlias, PluginType... acceptable) {
        String name = classOrAlias == null ? "" : classOrAlias.trim();
        Set<PluginType> types = acceptable.length == 0 ? Set.of(PluginType.values()) : Set.of(acceptable);
        List<String> versions = new ArrayList<>();
        for (PluginDesc<?> desc : byClass.getOrDefault(aliases.getOrDefault(name, name), Collections.emptySortedSet())) {
            if (types.contains(desc.type()) && !versions.contains(desc.version())) {
                versions.add(desc.version());
            }
        }
        return versions;
    }

    /**
     * Why nothing was found: a plugin installed, but not in a version the range accepts (with the versions there
     * are), or no such plugin (with the closest names).
     */
    public String notFoundMessage(String kind, String classOrAlias, String versionRange, PluginType... acceptable) {
        List<String> versions = versionsOf(classOrAlias, acceptable);
        if (versionRange != null && !versions.isEmpty()) {
            return "Plugin " + classOrAlias + " not found that matches the version range " + versionRange
                    + ", available versions: " + versions;
        }
        List<String> close = closestMatches(classOrAlias, 3, acceptable);
        return "Failed to find any class that implements " + kind + " and which name matches " + classOrAlias
                + (close.isEmpty() ? "" : ". Did you mean: " + String.join(", ", close) + "?");
    }

    /** A plugin class on the worker's class path that has no manifest (as Apache's class path scan would find). */
    private Optional<PluginDesc<?>> classpathOnlyPlugin(String className, Set<PluginType> types) {
        Class<?> c = workerClass(className);
        if (c == null || !isInstantiable(c)) {
            return Optional.empty();
        }
        for (PluginType type : PluginType.values()) {
            if (types.contains(type) && type.superClass().isAssignableFrom(c)) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                PluginDesc<?> desc = new PluginDesc(c, className, type, PluginDesc.UNDEFINED_VERSION, PluginDesc.CLASSPATH, workerLoader);
                return Optional.of(desc);
            }
        }
        return Optional.empty();
    }

    /** Installed plugin names (aliases, else class names) closest to a name that matched nothing. */
    public List<String> closestMatches(String name, int max, PluginType... types) {
        Set<PluginType> accepted = types.length == 0 ? Set.of(PluginType.values()) : Set.of(types);
        Map<String, String> displayByClass = new HashMap<>();
        for (PluginType type : accepted) {
            for (PluginDesc<?> desc : byType.get(type)) {
                displayByClass.put(desc.className(), desc.className());
            }
        }
        // Prefer the shortest alias as the name shown.
        aliases.forEach((alias, className) -> displayByClass.computeIfPresent(className,
                (k, current) -> current.equals(className) || alias.length() < current.length() ? alias : current));
        String target = name.trim().toLowerCase(Locale.ROOT);
        String targetSimple = target.substring(target.lastIndexOf('.') + 1);
        Map<String, Integer> scores = new HashMap<>();
        for (Map.Entry<String, String> e : displayByClass.entrySet()) {
            String className = e.getKey();
            List<String> names = new ArrayList<>();
            names.add(className.toLowerCase(Locale.ROOT));
            names.add(className.substring(className.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT));
            aliases.forEach((alias, cls) -> {
                if (cls.equals(className)) {
                    names.add(alias.toLowerCase(Locale.ROOT));
                }
            });
            int best = Integer.MAX_VALUE;
            for (String candidate : names) {
                int d = Math.min(distance(target, candidate), distance(targetSimple, candidate));
                if (candidate.contains(targetSimple) || targetSimple.contains(candidate)) {
                    d = Math.min(d, 1 + Math.abs(candidate.length() - targetSimple.length()) / 4);
                }
                best = Math.min(best, d);
            }
            int limit = Math.max(3, targetSimple.length() / 3);
            if (best <= limit) {
                scores.put(e.getValue(), best);
            }
        }
        return scores.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(max).map(Map.Entry::getKey).toList();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
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

    /**
     * Runs code that parses configs with class-typed keys (converters), so that class names and aliases of plugins
     * resolve as the worker resolves them.
     */
    public <T> T withPluginNames(java.util.function.Supplier<T> parse) {
        try (var ignored = swapLoader(delegatingLoader)) {
            return parse.get();
        }
    }

    /**
     * Loads any discovered plugin class by name or alias (the newest version), else the worker's class of that
     * name, else the first plugin that has it. As the context loader of REST threads, it lets code that loads classes by name
     * through the context loader (JAAS login modules of a REST extension, say) find them in plugins.
     */
    public ClassLoader delegatingLoader() {
        return delegatingLoader;
    }

    /**
     * Registers the JDBC drivers a plugin bundles. java.sql.DriverManager finds drivers only through the class
     * loader it starts with, so drivers inside a plugin would stay unknown to the plugin's own DriverManager calls
     * (as Apache Kafka Connect, Ferry loads them when it loads the plugin).
     */
    private void registerJdbcDrivers(ClassLoader loader, String location) {
        try (LoaderSwap ignored = swapLoader(loader)) {
            java.util.Iterator<java.sql.Driver> drivers = java.util.ServiceLoader.load(java.sql.Driver.class, loader).iterator();
            while (true) {
                try {
                    if (!drivers.hasNext()) {
                        break;
                    }
                    java.sql.Driver driver = drivers.next();
                    log.debug("Registered JDBC driver {} of {}", driver.getClass().getName(), location);
                } catch (java.util.ServiceConfigurationError | LinkageError e) {
                    log.debug("A JDBC driver of {} could not be loaded: {}", location, e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.debug("JDBC drivers of {} could not be listed: {}", location, e.toString());
        }
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

    private final class DelegatingLoader extends ClassLoader {
        static {
            ClassLoader.registerAsParallelCapable();
        }

        DelegatingLoader(ClassLoader parent) {
            super("ferry-plugins", parent);
        }

        @Override
        protected Class<?> loadClass(String requested, boolean resolve) throws ClassNotFoundException {
            String name = aliases.getOrDefault(requested, requested);
            SortedSet<PluginDesc<?>> descs = byClass.get(name);
            if (descs != null && !descs.isEmpty()) {
                return descs.last().pluginClass();
            }
            try {
                return super.loadClass(name, resolve);
            } catch (ClassNotFoundException notOnClassPath) {
                for (PluginClassLoader loader : loaders) {
                    try {
                        return Class.forName(name, false, loader);
                    } catch (ClassNotFoundException | LinkageError e) {
                        // not in this plugin
                    }
                }
                throw notOnClassPath;
            }
        }
    }
}
