package io.ferry.runtime.plugins;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One plugin: the archives (or class directory) one class loader serves. A {@code flat} location is a plugin.path
 * entry that holds jars and nothing else: either several uber-jars (each its own plugin) or, when the entry names a
 * plugin directory itself, one plugin whose jars need each other; the scanner tells which.
 */
record PluginLocation(Path path, List<Path> roots, boolean flat) {

    PluginLocation(Path path, List<Path> roots) {
        this(path, roots, false);
    }

    URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (Path root : roots) {
            try {
                urls.add(root.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(root.toString(), e);
            }
        }
        return urls.toArray(URL[]::new);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
