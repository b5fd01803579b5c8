package io.ferry.runtime.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns {@code plugin.path} entries into plugin locations, as Apache Kafka Connect does: an entry is usually the
 * parent of plugin directories and uber-jars, each of which is one plugin; an entry may also be one jar.
 */
final class PluginPath {

    private static final Logger log = LoggerFactory.getLogger(PluginPath.class);

    private PluginPath() {
    }

    static List<String> split(String value) {
        List<String> entries = new ArrayList<>();
        if (value != null) {
            for (String entry : value.split(",")) {
                if (!entry.isBlank()) {
                    entries.add(entry.trim());
                }
            }
        }
        return entries;
    }

    /** The locations of one entry; a missing or unreadable entry is reported in {@code problems}. */
    static List<PluginLocation> locations(String entry, List<PluginProblem> problems) {
        Path path = Path.of(entry).toAbsolutePath().normalize();
        List<PluginLocation> result = new ArrayList<>();
        if (!Files.exists(path)) {
            problems.add(new PluginProblem(path.toString(), "plugin.path entry does not exist"));
            return result;
        }
        if (Files.isRegularFile(path)) {
            if (isArchive(path)) {
                result.add(new PluginLocation(path, List.of(path)));
            } else {
                problems.add(new PluginProblem(path.toString(), "plugin.path entry is neither a directory nor a .jar or .zip"));
            }
            return result;
        }
        List<Path> children = list(path);
        boolean looksLikeParent = children.stream().anyMatch(Files::isDirectory);
        boolean hasClasses = children.stream().anyMatch(c -> c.toString().endsWith(".class"));
        if (!looksLikeParent && hasClasses) {
            result.add(new PluginLocation(path, List.of(path)));
            return result;
        }
        if (!looksLikeParent) {
            List<Path> archives = children.stream().filter(PluginPath::isArchive).toList();
            if (archives.size() > 1) {
                result.add(new PluginLocation(path, archives, true));
                return result;
            }
        }
        for (Path child : children) {
            if (Files.isDirectory(child)) {
                PluginLocation location = directory(child);
                if (location != null) {
                    result.add(location);
                }
            } else if (isArchive(child)) {
                result.add(new PluginLocation(child, List.of(child)));
            }
        }
        return result;
    }

    /** A plugin directory: its archives, found recursively, or the directory itself when it holds only classes. */
    static PluginLocation directory(Path dir) {
        List<Path> archives = new ArrayList<>();
        boolean classes = false;
        try (Stream<Path> files = Files.walk(dir, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    if (isArchive(file)) {
                        archives.add(file);
                    } else if (file.toString().endsWith(".class")) {
                        classes = true;
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("Could not read plugin directory {}: {}", dir, e.getMessage());
        }
        if (!archives.isEmpty()) {
            archives.sort(null);
            return new PluginLocation(dir, archives);
        }
        return classes ? new PluginLocation(dir, List.of(dir)) : null;
    }

    static boolean isArchive(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jar") || name.endsWith(".zip");
    }

    /** The entries of a plugin.path directory; hidden ones (such as an install in progress) are left out. */
    private static List<Path> list(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(child -> !child.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list plugin.path entry " + dir, e);
        }
    }
}
