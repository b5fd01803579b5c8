package io.ferry.runtime.plugins;

/**
 * Makes a class loader the thread's context loader, and restores the previous one on close. Only the plugins
 * package creates these: code elsewhere reaches plugin code through {@link Isolated} wrappers, which swap for it.
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader previous;

    LoaderSwap(ClassLoader loader) {
        this.thread = Thread.currentThread();
        this.previous = thread.getContextClassLoader();
        // Converters and transformations are called per record, mostly with their loader already current: no swap then.
        if (loader != null && loader != previous) {
            thread.setContextClassLoader(loader);
        }
    }

    /** Restores the caller's loader, also when the plugin code changed the context loader itself. */
    @Override
    public void close() {
        if (thread.getContextClassLoader() != previous) {
            thread.setContextClassLoader(previous);
        }
    }
}
