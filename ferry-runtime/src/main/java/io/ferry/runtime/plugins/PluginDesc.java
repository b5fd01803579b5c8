package io.ferry.runtime.plugins;
// TEMP STUB
public record PluginDesc<T>(Class<? extends T> pluginClass, String className, PluginType type, String version, String location, ClassLoader loader) implements Comparable<PluginDesc<?>> {
  public int compareTo(PluginDesc<?> o) { return className.compareTo(o.className); } }
