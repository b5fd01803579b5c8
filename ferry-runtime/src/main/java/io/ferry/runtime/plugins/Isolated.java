package io.ferry.runtime.plugins;

import org.apache.kafka.common.utils.Utils;

/**
 * A plugin instance with the class loader its code expects as the thread's context loader. Plugins load classes,
 * resources and services through the context loader, so each call into a plugin must run with the loader of the
 * plugin's location current, and the caller's loader must come back afterwards. The wrapper does that for every call,
 * so code using a plugin cannot forget it; the raw instance never leaves the wrapper except inside such a call.
 *
 * @param <P> the plugin's API type
 */
public class Isolated<P> {

    /** A call into the plugin that returns a value. */
    @FunctionalInterface
    public interface Call<P, V, E extends Exception> {
        V call(P plugin) throws E;
    }

    /** A call into the plugin that returns nothing. */
    @FunctionalInterface
    public interface Action<P, E extends Exception> {
        void run(P plugin) throws E;
    }

    private final P plugin;
    private final ClassLoader loader;

    /**
     * @param loader the loader of the plugin's location (the worker's loader for plugins of the class path); null
     *               leaves the caller's context loader in place
     */
    public Isolated(P plugin, ClassLoader loader) {
        this.plugin = java.util.Objects.requireNonNull(plugin, "plugin");
        this.loader = loader;
    }

    public final Class<?> pluginClass() {
        return plugin.getClass();
    }

    public final ClassLoader loader() {
        return loader;
    }

    /** Runs a call into the plugin with its loader current; whatever the call throws passes through unchanged. */
    public final <V, E extends Exception> V call(Call<? super P, V, E> call) throws E {
        try (LoaderSwap ignored = new LoaderSwap(loader)) {
            return call.call(plugin);
        }
    }

    public final <E extends Exception> void run(Action<? super P, E> action) throws E {
        try (LoaderSwap ignored = new LoaderSwap(loader)) {
            action.run(plugin);
        }
    }

    /**
     * Makes the plugin's loader the context loader until the returned swap is closed: for a thread that runs this
     * plugin's code only (a task's thread), so that code the plugin starts there sees its loader between calls too.
     */
    public final LoaderSwap enter() {
        return new LoaderSwap(loader);
    }

    /** Closes a closeable plugin within its loader, logging rather than throwing a failure. */
    protected final void closeQuietly(String what) {
        if (plugin instanceof AutoCloseable closeable) {
            try (LoaderSwap ignored = new LoaderSwap(loader)) {
                Utils.closeQuietly(closeable, what);
            }
        }
    }

    @Override
    public String toString() {
        return plugin.getClass().getName();
    }
}
