package io.ferry.runtime.plugins;
import java.util.*; import java.time.Duration;
// TEMP STUB
public final class Plugins implements AutoCloseable {
  public static Plugins discover(List<String> pluginPath, PluginDiscoveryMode mode) { return null; }
  public static List<String> splitPluginPath(String v) { return null; }
  public SortedSet<PluginDesc<?>> plugins(PluginType type) { return null; }
  public Optional<PluginDesc<?>> find(String classOrAlias, PluginType... acceptable) { return null; }
  public Optional<PluginDesc<?>> find(String classOrAlias, String versionRange, PluginType... acceptable) { return null; }
  public List<String> closestMatches(String name, int max, PluginType... types) { return null; }
  public Map<String, String> aliases() { return null; }
  public <T> T newPlugin(PluginDesc<?> desc, Class<T> expected) { return null; }
  public <T> T newPlugin(String classOrAlias, String versionRange, Class<T> expected, PluginType... acceptable) { return null; }
  public ClassLoader loaderOf(Object plugin) { return null; }
  public static LoaderSwap swapLoader(ClassLoader loader) { return null; }
  public ClassLoader delegatingLoader() { return null; }
  public List<PluginProblem> problems() { return null; }
  public Duration scanTime() { return null; }
  public void close() {}
}
