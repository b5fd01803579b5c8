package io.ferry.cli.client;

import io.ferry.runtime.config.ConnectorFiles;
import io.ferry.runtime.model.ConnectorDefinition;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Connector definitions read from a file or from every .json/.properties file of a directory. */
final class ConnectorFileSet {

    private ConnectorFileSet() {
    }

    static List<ConnectorDefinition> read(Path path) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                children.filter(p -> {
                    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                    return Files.isRegularFile(p) && (name.endsWith(".json") || name.endsWith(".properties"));
                }).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new ClientException(ClientException.FAILED, "cannot list " + path + ": " + e.getMessage());
            }
        } else if (Files.isRegularFile(path)) {
            files.add(path);
        } else {
            throw new ClientException(ClientException.FAILED, "no such file or directory: " + path);
        }
        List<ConnectorDefinition> definitions = new ArrayList<>();
        Map<String, Path> seen = new LinkedHashMap<>();
        for (Path file : files) {
            ConnectorDefinition def;
            try {
                def = ConnectorFiles.read(file);
            } catch (ConnectException | IllegalArgumentException e) {
                throw new ClientException(ClientException.FAILED, e.getMessage());
            }
            Path previous = seen.put(def.name(), file);
            if (previous != null) {
                throw new ClientException(ClientException.FAILED, "connector " + def.name() + " is defined twice: in "
                        + previous + " and " + file);
            }
            Map<String, String> config = new LinkedHashMap<>(def.config());
            config.putIfAbsent("name", def.name());
            definitions.add(new ConnectorDefinition(def.name(), config, def.initialState()));
        }
        return definitions;
    }
}
