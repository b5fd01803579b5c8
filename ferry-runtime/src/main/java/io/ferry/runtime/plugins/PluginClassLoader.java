package io.ferry.runtime.plugins;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one plugin location: the plugin's own classes and resources first, except for the classes the
 * worker shares with every plugin ({@link IsolationRules}), which come from the worker.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String location;
    private volatile boolean closed;

    PluginClassLoader(String location, URL[] urls, ClassLoader parent) {
        super(urls, parent);
        this.location = location;
    }

    public String location() {
        return location;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && IsolationRules.loadInIsolation(name)) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException e) {
                    if (closed) {
                        // Its jars are closed: the worker's copy might be another version of a class the plugin bundles.
                        throw new ClassNotFoundException(name + ": the class loader of the plugin " + location
                                + " is closed (the worker stopped)", e);
                    }
                    // not bundled by the plugin: the worker's copy, below
                }
            }
            if (c == null) {
                c = super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        ClassLoader parent = getParent();
        if (parent != null) {
            all.addAll(Collections.list(parent.getResources(name)));
        }
        return Collections.enumeration(all);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        super.close();
    }

    @Override
    public String toString() {
        return "PluginClassLoader{" + location + "}";
    }
}
