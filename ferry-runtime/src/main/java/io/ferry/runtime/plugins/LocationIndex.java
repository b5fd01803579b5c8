package io.ferry.runtime.plugins;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a plugin location contains, read from its files without loading classes: every class header, and the
 * ServiceLoader manifests for the plugin types. From these it tells which classes are plugins of which types.
 */
final class LocationIndex {

    private static final String SERVICES = "META-INF/services/";

    private final Map<String, ClassHeader> headers = new HashMap<>();
    private final Map<PluginType, Set<String>> manifests = new EnumMap<>(PluginType.class);
    private final Map<String, Set<PluginType>> typesByName = new HashMap<>();
    private final Function<String, Class<?>> workerClass;

    /** @param workerClass loads a class from the worker without initializing it, or returns null */
    LocationIndex(Function<String, Class<?>> workerClass) {
        this.workerClass = workerClass;
    }

    /** Reads one archive or class directory; a corrupt archive throws. */
    void add(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            addDirectory(root);
        } else {
            addArchive(root);
        }
    }

    private void addArchive(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory()) {
                    continue;
                }
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        addHeader(in);
                    }
                } else if (name.startsWith(SERVICES)) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        addManifest(name.substring(SERVICES.length()), in);
                    }
                }
            }
        }
    }

    private void addDirectory(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                String relative = dir.relativize(file).toString().replace('\\', '/');
                if (relative.endsWith(".class") && !relative.endsWith("module-info.class")) {
                    try (InputStream in = Files.newInputStream(file)) {
                        addHeader(in);
                    }
                } else if (relative.startsWith(SERVICES)) {
                    try (InputStream in = Files.newInputStream(file)) {
                        addManifest(relative.substring(SERVICES.length()), in);
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void addHeader(InputStream in) throws IOException {
        ClassHeader header = ClassHeader.read(in);
        headers.putIfAbsent(header.name(), header);
    }

    private void addManifest(String service, InputStream in) throws IOException {
        for (PluginType type : PluginType.values()) {
            if (type.superClass().getName().equals(service)) {
                Set<String> names = manifests.computeIfAbsent(type, t -> new LinkedHashSet<>());
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                String line;
                while ((line = reader.readLine()) != null) {
                    int comment = line.indexOf('#');
                    String name = (comment >= 0 ? line.substring(0, comment) : line).trim();
                    if (!name.isEmpty()) {
                        names.add(name);
                    }
                }
            }
        }
    }

    Set<String> manifest(PluginType type) {
        return manifests.getOrDefault(type, Set.of());
    }

    boolean hasManifests() {
        return !manifests.isEmpty();
    }

    /** Concrete public classes of this location that implement a plugin type, with the types they implement. */
    Map<String, Set<PluginType>> scannedPlugins() {
        Map<String, Set<PluginType>> result = new HashMap<>();
        for (ClassHeader header : headers.values()) {
            if (!header.concretePublic()) {
                continue;
            }
            Set<PluginType> types = EnumSet.noneOf(PluginType.class);
            for (PluginType type : typesOf(header.name())) {
                if (!type.manifestOnly()) {
                    types.add(type);
                }
            }
            if (!types.isEmpty()) {
                result.put(header.name(), types);
            }
        }
        return result;
    }

    /** The plugin types a class (of this location or of the worker) implements, through its whole hierarchy. */
    Set<PluginType> typesOf(String name) {
        Set<PluginType> known = typesByName.get(name);
        if (known != null) {
            return known;
        }
        typesByName.put(name, EnumSet.noneOf(PluginType.class));
        Set<PluginType> types = EnumSet.noneOf(PluginType.class);
        ClassHeader header = headers.get(name);
        if (header != null) {
            for (PluginType type : PluginType.values()) {
                if (type.superClass().getName().equals(name)) {
                    types.add(type);
                }
            }
            List<String> parents = new ArrayList<>(header.interfaces());
            if (header.superName() != null) {
                parents.add(header.superName());
            }
            for (String parent : parents) {
                types.addAll(typesOf(parent));
            }
        } else {
            Class<?> c = workerClass.apply(name);
            if (c != null) {
                for (PluginType type : PluginType.values()) {
                    if (type.superClass().isAssignableFrom(c)) {
                        types.add(type);
                    }
                }
            }
        }
        typesByName.put(name, types);
        return types;
    }
}
