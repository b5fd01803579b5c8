package io.ferry.runtime.plugins;

import java.util.Comparator;

/** A discovered plugin class: what it is, its version, and where it was found. */
public record PluginDesc<T>(Class<? extends T> pluginClass, String className, PluginType type, String version,
                            String location, ClassLoader loader) implements Comparable<PluginDesc<?>> {

    public static final String UNDEFINED_VERSION = "undefined";
    public static final String CLASSPATH = "classpath";

    private static final Comparator<PluginDesc<?>> ORDER = Comparator
            .comparing((PluginDesc<?> d) -> d.className)
            .thenComparing(d -> d.version, PluginVersions::compare)
            .thenComparing(d -> d.type)
            .thenComparing(d -> d.location);

    @Override
    public int compareTo(PluginDesc<?> other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return className + " (" + type.jsonName() + ", version " + version + ", " + location + ")";
    }
}
