package io.ferry.runtime.plugins;

import java.util.List;
import java.util.SortedSet;

/**
 * Loads any discovered plugin class by name or alias (the newest version), else the worker's class of that name,
 * else the first plugin location that has it. Config parsing resolves class-typed keys through it, and as the
 * context loader of REST threads it lets code that loads classes by name through the context loader (JAAS login
 * modules of a REST extension, say) find them in plugins.
 */
final class DelegatingLoader extends ClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final PluginRegistry registry;
    private final List<PluginClassLoader> locations;

    DelegatingLoader(ClassLoader workerLoader, PluginRegistry registry, List<PluginClassLoader> locations) {
        super("ferry-plugins", workerLoader);
        this.registry = registry;
        this.locations = locations;
    }

    @Override
    protected Class<?> loadClass(String requested, boolean resolve) throws ClassNotFoundException {
        String name = registry.className(requested);
        SortedSet<PluginDesc<?>> descs = registry.versionsOfClass(name);
        if (!descs.isEmpty()) {
            return descs.last().pluginClass();
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException notOnClassPath) {
            for (PluginClassLoader loader : locations) {
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
