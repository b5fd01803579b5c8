package io.ferry.runtime.plugins;

/** Sets the thread's context class loader for a call into a plugin, and restores it on close. */
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
