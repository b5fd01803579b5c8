package io.ferry.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.cli.WorkerProperties;
import io.ferry.cli.client.ClientException;
import io.ferry.cli.client.ClientOptions;
import io.ferry.cli.client.Output;
import io.ferry.runtime.config.WorkerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code ferry plugin install|list|remove}: the plugins in a plugin.path directory. */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        description = "Install, list and remove Kafka Connect plugins in a plugin.path directory.",
        subcommands = {PluginCommands.Install.class, PluginCommands.ListInstalled.class, PluginCommands.Remove.class})
public final class PluginCommands implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where plugins go: {@code --plugin-path}, else the first plugin.path entry of a worker config, else $FERRY_PLUGIN_PATH. */
    static final class Location {
        @Option(names = "--plugin-path", paramLabel = "DIR", description = "The plugin.path directory to use.")
        Path pluginPath;

        @Option(names = "--worker-config", paramLabel = "FILE",
                description = "A worker properties file: its first plugin.path entry is used.")
        Path workerConfig;

        Path resolve() {
            if (pluginPath != null) {
                return pluginPath.toAbsolutePath().normalize();
            }
            if (workerConfig != null) {
                String value = WorkerProperties.read(workerConfig, Map.of()).get(WorkerConfig.PLUGIN_PATH_CONFIG);
                if (value == null || value.isBlank()) {
                    throw new PluginInstallException(workerConfig + " sets no plugin.path");
                }
                return Path.of(value.split(",")[0].trim()).toAbsolutePath().normalize();
            }
            String env = System.getenv("FERRY_PLUGIN_PATH");
            if (env != null && !env.isBlank()) {
                return Path.of(env.split(",")[0].trim()).toAbsolutePath().normalize();
            }
            throw new PluginInstallException("Which plugin.path directory? Give --plugin-path DIR or --worker-config FILE "
                    + "(or set FERRY_PLUGIN_PATH).");
        }
    }

    abstract static class PluginCommand implements Callable<Integer> {
        @Mixin
        Location location;

        @Spec
        CommandSpec spec;

        abstract int run(Path pluginPath) throws Exception;

        @Override
        public Integer call() throws Exception {
            // Scanning plugins logs what a worker would log; here only problems are of interest.
            org.apache.logging.log4j.Level level = org.apache.logging.log4j.LogManager.getRootLogger().getLevel();
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
            try {
                return run(location.resolve());
            } catch (PluginInstallException e) {
                spec.commandLine().getErr().println("ferry: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            } finally {
                org.apache.logging.log4j.core.config.Configurator.setRootLevel(level);
            }
        }

        void warn(String line) {
            spec.commandLine().getErr().println("ferry: " + line);
            spec.commandLine().getErr().flush();
        }

        void print(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a plugin from Maven coordinates (group:artifact:version), a URL, or a local .tar.gz, "
                    + ".zip, .jar or directory, into a directory of its own under the plugin path.")
    static final class Install extends PluginCommand {
        @Parameters(paramLabel = "SOURCE")
        String source;

        @Option(names = "--name", paramLabel = "DIR",
                description = "The plugin's directory name under the plugin path (default: the bundle's own, or the artifact's), "
                        + "e.g. to keep two versions side by side.")
        String name;

        @Option(names = "--maven-settings", paramLabel = "FILE",
                description = "Maven settings for mirrors, proxies and the local repository (default: ~/.m2/settings.xml).")
        Path settings;

        @Override
        int run(Path pluginPath) throws Exception {
            MavenSettings maven = MavenSettings.read(settings != null ? settings : MavenSettings.defaultFile());
            PluginInstaller.Installed installed = new PluginInstaller(pluginPath, () -> new MavenArtifacts(maven, this::warn), this::warn)
                    .install(source, name);
            print("Installed " + installed.name() + " into " + installed.directory() + ":");
            PluginInstaller.classesByType(installed.plugins()).forEach((type, classes) ->
                    print("  " + type + ": " + String.join(", ", new TreeSet<>(classes))));
            print("Restart the workers that use this plugin.path to load it.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the plugins under the plugin path: directory, version, classes, and whether the running "
                    + "worker (--url) has loaded them.")
    static final class ListInstalled extends PluginCommand {
        @Mixin
        ClientOptions client;

        @Override
        int run(Path pluginPath) {
            Set<String> loaded = loadedClasses();
            List<Map<String, Object>> data = new ArrayList<>();
            List<List<String>> rows = new ArrayList<>();
            for (PluginInstaller.Installed p : new PluginInstaller(pluginPath, () -> null, this::warn).list()) {
                Set<String> versions = new TreeSet<>();
                Set<String> classes = new TreeSet<>();
                p.plugins().forEach(f -> {
                    versions.add(f.version());
                    classes.add(f.className());
                });
                Map<String, List<String>> byType = PluginInstaller.classesByType(p.plugins());
                Set<String> connectors = new TreeSet<>();
                connectors.addAll(byType.getOrDefault("source", List.of()));
                connectors.addAll(byType.getOrDefault("sink", List.of()));
                Set<String> checked = connectors.isEmpty() ? classes : connectors;
                String state = loaded == null ? "unknown" : p.plugins().isEmpty() ? "no"
                        : loaded.containsAll(checked) ? "yes" : "no";
                List<String> others = new ArrayList<>();
                byType.forEach((type, list) -> {
                    if (!type.equals("source") && !type.equals("sink")) {
                        others.add(list.size() + " " + type);
                    }
                });
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", p.name());
                entry.put("directory", p.directory().toString());
                entry.put("versions", versions);
                entry.put("plugins", byType);
                entry.put("source", p.source());
                entry.put("loaded", state);
                data.add(entry);
                rows.add(List.of(p.name(), String.join(",", versions), connectors.isEmpty() ? "-" : String.join(", ", connectors),
                        String.join(", ", others), state));
            }
            Output out = new Output(spec.commandLine().getOut(), client.output());
            if (!out.printStructured(data)) {
                out.table(List.of("NAME", "VERSION", "CONNECTORS", "OTHER PLUGINS", "LOADED"), rows);
            }
            return 0;
        }

        /** The plugin classes the worker reports, or null when it cannot be asked. */
        private Set<String> loadedClasses() {
            try {
                Set<String> result = new HashSet<>();
                for (JsonNode plugin : client.client().get("/connector-plugins?connectorsOnly=false")) {
                    result.add(plugin.path("class").asText());
                }
                return result;
            } catch (ClientException e) {
                return null;
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove an installed plugin directory by name (see 'ferry plugin list').")
    static final class Remove extends PluginCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(Path pluginPath) throws Exception {
            Path removed = new PluginInstaller(pluginPath, () -> null, this::warn).remove(name);
            print("Removed " + removed + ". Workers that loaded it keep it until they restart.");
            return 0;
        }
    }
}
