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
        if (loader != null) {
            thread.setContextClassLoader(loader);
        }
    }

    @Override
    public void close() {
        thread.setContextClassLoader(previous);
    }
}
