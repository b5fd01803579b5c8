package io.ferry.cli.plugin;

import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginDiscoveryMode;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Installs plugins into a plugin.path directory, one directory each, and lists and removes them. An install is
 * assembled in a hidden staging directory beside its target (which workers do not scan) and moved into place in one
 * rename, so a failed or interrupted install never leaves half a plugin behind.
 */
final class PluginInstaller {

    static final String METADATA_FILE = ".ferry-plugin.properties";
    private static final String STAGING_PREFIX = ".ferry-staging-";
    private static final List<String> CHECKSUMS = List.of("sha512", "sha256", "sha1");

    /** One plugin class found in a plugin directory. */
    record Found(String className, String type, String version) {
    }

    /** A plugin directory and the plugins found in it. */
    record Installed(Path directory, String source, List<Found> plugins) {
        String name() {
            return directory.getFileName().toString();
        }
    }

    private final Path pluginPath;
    private final Supplier<MavenArtifacts> maven;
    private final Consumer<String> warnings;

    PluginInstaller(Path pluginPath, Supplier<MavenArtifacts> maven, Consumer<String> warnings) {
        this.pluginPath = pluginPath;
        this.maven = maven;
        this.warnings = warnings;
    }

    Installed install(String source) throws IOException {
        return install(source, null);
    }

    /** Installs into {@code name} under the plugin path, or the name the source suggests when it is null. */
    Installed install(String source, String name) throws IOException {
        if (name != null && (name.isBlank() || name.startsWith(".") || name.contains("/") || name.contains("\\"))) {
            throw new PluginInstallException("'" + name + "' cannot name a plugin directory");
        }
        Files.createDirectories(pluginPath);
        removeStaleStaging();
        Path staging = Files.createTempDirectory(pluginPath, STAGING_PREFIX);
        try {
            Path plugin = fetch(source, staging);
            List<Found> found = scan(staging).getOrDefault(plugin.toAbsolutePath().toString(), List.of());
            if (found.isEmpty()) {
                throw new PluginInstallException(source + " is not a Kafka Connect plugin: it has no connector, converter, "
                        + "transformation, predicate, config provider or REST extension classes. Nothing was installed.");
            }
            Path target = pluginPath.resolve(name != null ? name : plugin.getFileName().toString());
            if (Files.exists(target)) {
                throw new PluginInstallException("A plugin is already installed in " + target + " ("
                        + Optional.ofNullable(metadata(target).getProperty("source")).orElse("not installed by ferry")
                        + "). Remove it first with 'ferry plugin remove " + target.getFileName() + "'. Nothing was installed.");
            }
            Properties metadata = new Properties();
            metadata.setProperty("source", source);
            metadata.setProperty("installed", Instant.now().toString());
            try (var out = Files.newOutputStream(plugin.resolve(METADATA_FILE))) {
                metadata.store(out, "Installed by ferry plugin install");
            }
            Files.move(plugin, target, StandardCopyOption.ATOMIC_MOVE);
            return new Installed(target, source, found);
        } finally {
            Utils.delete(staging.toFile());
        }
    }

    /** The plugin directories under the plugin path, with what each provides. */
    List<Installed> list() {
        if (!Files.isDirectory(pluginPath)) {
            return List.of();
        }
        Map<String, List<Found>> byLocation = scan(pluginPath);
        List<Installed> result = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(pluginPath)) {
            List<Path> sorted = new ArrayList<>();
            children.forEach(sorted::add);
            sorted.sort(null);
            for (Path child : sorted) {
                if (child.getFileName().toString().startsWith(".")) {
                    continue;
                }
                List<Found> found = byLocation.getOrDefault(child.toAbsolutePath().toString(), List.of());
                result.add(new Installed(child, metadata(child).getProperty("source"), found));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Removes a plugin directory (or archive) by name; a worker that loaded it keeps it until it restarts. */
    Path remove(String name) throws IOException {
        Path target = pluginPath.resolve(name).normalize();
        if (name.isBlank() || name.startsWith(".") || !target.getParent().equals(pluginPath.normalize()) || !Files.exists(target)) {
            throw new PluginInstallException("No plugin named '" + name + "' in " + pluginPath
                    + " (see 'ferry plugin list').");
        }
        Path doomed = pluginPath.resolve(STAGING_PREFIX + "removed-" + name + "-" + System.nanoTime());
        Files.move(target, doomed, StandardCopyOption.ATOMIC_MOVE);
        Utils.delete(doomed.toFile());
        return target;
    }

    // ---- fetching ----

    private Path fetch(String source, Path staging) throws IOException {
        Path local = localPath(source);
        if (local != null) {
            return unpack(local, staging, baseName(local.getFileName().toString()));
        }
        if (source.startsWith("http://") || source.startsWith("https://")) {
            return unpack(download(source, staging), staging, baseName(source.substring(source.lastIndexOf('/') + 1)));
        }
        Coordinates coordinates = Coordinates.parse(source);
        if (coordinates == null) {
            throw new PluginInstallException("'" + source + "' is neither a file, a URL nor Maven coordinates "
                    + "(groupId:artifactId:version).");
        }
        try (MavenArtifacts artifacts = maven.get()) {
            if (coordinates.plainJar()) {
                Optional<Path> bundle = artifacts.bundle(coordinates);
                if (bundle.isPresent()) {
                    return unpack(bundle.get(), staging, coordinates.artifactId());
                }
            }
            if (!coordinates.plainJar()) {
                // A named classifier or archive type is taken as complete: an uber-jar or a bundle.
                return unpack(artifacts.artifact(coordinates), staging, coordinates.artifactId());
            }
            Path dir = Files.createDirectories(staging.resolve(coordinates.artifactId()));
            for (Path file : artifacts.withDependencies(coordinates)) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
            return dir;
        }
    }

    private static Path localPath(String source) {
        try {
            Path path = source.startsWith("file:") ? Path.of(URI.create(source)) : Path.of(source);
            return Files.exists(path) ? path.toAbsolutePath() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Downloads a URL, verifying it against a checksum file published beside it when there is one. */
    private Path download(String url, Path staging) throws IOException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30)).build();
        Path file = staging.resolve(".download-" + url.substring(url.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_"));
        try {
            HttpResponse<Path> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            if (response.statusCode() != 200) {
                throw new PluginInstallException("Downloading " + url + " failed: HTTP " + response.statusCode()
                        + ". Nothing was installed.");
            }
            for (String algorithm : CHECKSUMS) {
                HttpResponse<String> sum = http.send(HttpRequest.newBuilder(URI.create(url + "." + algorithm)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (sum.statusCode() == 200 && !sum.body().isBlank()) {
                    String expected = sum.body().trim().split("\\s+")[0].toLowerCase(Locale.ROOT);
                    String actual = digest(file, algorithm);
                    if (!expected.equals(actual)) {
                        throw new PluginInstallException("The " + algorithm + " checksum of " + url + " is " + actual
                                + ", but the published one is " + expected + ". Nothing was installed.");
                    }
                    return file;
                }
            }
            warnings.accept("no checksum is published beside " + url + "; the download was not verified");
            return file;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginInstallException("Interrupted while downloading " + url);
        } catch (IOException e) {
            throw new PluginInstallException("Cannot download " + url + ": " + e.getMessage() + ". Nothing was installed.", e);
        }
    }

    static String digest(Path file, String algorithm) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance(switch (algorithm) {
                case "sha512" -> "SHA-512";
                case "sha256" -> "SHA-256";
                default -> "SHA-1";
            });
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Turns a file or directory into a plugin directory in {@code staging}: archives are unpacked (an archive with a
     * single top-level directory gives that directory), a lone jar gets a directory of its own.
     */
    private static Path unpack(Path source, Path staging, String defaultName) throws IOException {
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        Path content = Files.createDirectories(staging.resolve(".content"));
        if (Files.isDirectory(source)) {
            copyTree(source, content.resolve(source.getFileName().toString()));
        } else if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            untar(source, content);
        } else if (name.endsWith(".zip")) {
            unzip(source, content);
        } else if (name.endsWith(".jar")) {
            Path dir = Files.createDirectories(content.resolve(defaultName));
            Files.copy(source, dir.resolve(baseName(source.getFileName().toString()) + ".jar"));
        } else {
            throw new PluginInstallException(source + " is not a plugin archive (.tar.gz, .tgz, .zip or .jar) or directory.");
        }
        List<Path> top = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(content)) {
            children.forEach(top::add);
        }
        Path plugin;
        if (top.size() == 1 && Files.isDirectory(top.get(0))) {
            plugin = staging.resolve(top.get(0).getFileName().toString());
            Files.move(top.get(0), plugin);
            Utils.delete(content.toFile());
        } else {
            plugin = staging.resolve(defaultName);
            Files.move(content, plugin);
        }
        if (Files.isRegularFile(source) && source.startsWith(staging)) {
            Files.delete(source);
        }
        return plugin;
    }

    private static void untar(Path archive, Path into) throws IOException {
        TarReader.untarGz(archive, name -> inside(into, name));
    }

    private static void unzip(Path archive, Path into) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = inside(into, entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
    }

    /** An archive entry's place, refusing entries that would land outside the directory ("zip slip"). */
    private static Path inside(Path dir, String entry) {
        Path target = dir.resolve(entry).normalize();
        if (!target.startsWith(dir)) {
            throw new PluginInstallException("The archive holds an entry outside its own directory: " + entry);
        }
        return target;
    }

    private static String baseName(String fileName) {
        String name = fileName;
        for (String ext : List.of(".tar.gz", ".tgz", ".zip", ".jar")) {
            if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }

    // ---- scanning and files ----

    /** The plugins under a directory used as a plugin.path entry, by location (a plugin directory's absolute path). */
    private static Map<String, List<Found>> scan(Path dir) {
        Map<String, List<Found>> result = new TreeMap<>();
        try (Plugins plugins = Plugins.discover(List.of(dir.toAbsolutePath().toString()), PluginDiscoveryMode.HYBRID_WARN)) {
            for (PluginType type : PluginType.values()) {
                for (PluginDesc<?> desc : plugins.plugins(type)) {
                    if (!PluginDesc.CLASSPATH.equals(desc.location())) {
                        result.computeIfAbsent(desc.location(), k -> new ArrayList<>())
                                .add(new Found(desc.className(), type.jsonName(), desc.version()));
                    }
                }
            }
        }
        return result;
    }

    static Properties metadata(Path pluginDir) {
        Properties props = new Properties();
        Path file = pluginDir.resolve(METADATA_FILE);
        if (Files.isRegularFile(file)) {
            try (var in = Files.newInputStream(file)) {
                props.load(in);
            } catch (IOException e) {
                // An unreadable record only loses the source shown by 'list'.
            }
        }
        return props;
    }

    private void removeStaleStaging() throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(pluginPath, STAGING_PREFIX + "*")) {
            for (Path stale : children) {
                Utils.delete(stale.toFile());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Class names by plugin type, for display. */
    static Map<String, List<String>> classesByType(List<Found> plugins) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (Found f : plugins) {
            result.computeIfAbsent(f.type(), k -> new ArrayList<>()).add(f.className());
        }
        return result;
    }
}
