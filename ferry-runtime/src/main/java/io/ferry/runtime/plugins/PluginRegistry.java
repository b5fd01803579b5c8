package io.ferry.runtime.plugins;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The plugins discovered, by type and by class name, and their aliases (JsonConverter may be named Json). Filled
 * once by the scanner, then only read, concurrently.
 */
final class PluginRegistry {

    private final Map<PluginType, SortedSet<PluginDesc<?>>> byType = new EnumMap<>(PluginType.class);
    private final Map<String, SortedSet<PluginDesc<?>>> byClass = new HashMap<>();
    private final Map<String, String> aliases = new TreeMap<>();
    private final ClassLoader workerLoader;
    private final Function<String, Class<?>> workerClass;

    /** @param workerClass loads a class from the worker without initializing it, or returns null */
    PluginRegistry(ClassLoader workerLoader, Function<String, Class<?>> workerClass) {
        this.workerLoader = workerLoader;
        this.workerClass = workerClass;
        for (PluginType type : PluginType.values()) {
            byType.put(type, new TreeSet<>());
        }
    }

    void add(PluginDesc<?> desc) {
        byType.get(desc.type()).add(desc);
        byClass.computeIfAbsent(desc.className(), n -> new TreeSet<>()).add(desc);
    }

    int size() {
        return byClass.values().stream().mapToInt(Set::size).sum();
    }

    /**
     * Gives each plugin its simple class name as an alias, and that name without the type's suffix, unless two
     * plugins would share it or a class already has that name: an alias must name one class only.
     */
    void computeAliases() {
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

    SortedSet<PluginDesc<?>> plugins(PluginType type) {
        return Collections.unmodifiableSortedSet(byType.get(type));
    }

    Map<String, String> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    String className(String classOrAlias) {
        return aliases.getOrDefault(classOrAlias, classOrAlias);
    }

    /** Every version of a class found, oldest first; empty when none. */
    SortedSet<PluginDesc<?>> versionsOfClass(String className) {
        return byClass.getOrDefault(className, Collections.emptySortedSet());
    }

    /** The newest plugin of an acceptable type with that class name or alias that meets the version requirement. */
    Optional<PluginDesc<?>> find(String classOrAlias, String versionRange, PluginType... acceptable) {
        if (classOrAlias == null) {
            return Optional.empty();
        }
        PluginVersions.validate(versionRange);
        String className = className(classOrAlias.trim());
        Set<PluginType> types = accepted(acceptable);
        SortedSet<PluginDesc<?>> descs = byClass.get(className);
        if (descs != null) {
            PluginDesc<?> best = null;
            for (PluginDesc<?> desc : descs) {
                if (types.contains(desc.type()) && PluginVersions.matches(versionRange, desc.version())) {
                    best = desc;
                }
            }
            return Optional.ofNullable(best);
        }
        return classpathOnlyPlugin(className, types);
    }

    /** The versions installed of a plugin class or alias, among the acceptable types, oldest first. */
    List<String> versionsOf(String classOrAlias, PluginType... acceptable) {
        String name = classOrAlias == null ? "" : classOrAlias.trim();
        Set<PluginType> types = accepted(acceptable);
        List<String> versions = new ArrayList<>();
        for (PluginDesc<?> desc : versionsOfClass(className(name))) {
            if (types.contains(desc.type()) && !versions.contains(desc.version())) {
                versions.add(desc.version());
            }
        }
        return versions;
    }

    /** A plugin class on the worker's class path that has no manifest (as Apache's class path scan would find). */
    private Optional<PluginDesc<?>> classpathOnlyPlugin(String className, Set<PluginType> types) {
        Class<?> c = workerClass.apply(className);
        if (c == null || !PluginScanner.isInstantiable(c)) {
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

    static Set<PluginType> accepted(PluginType... acceptable) {
        return acceptable.length == 0 ? Set.of(PluginType.values()) : Set.of(acceptable);
    }
}
