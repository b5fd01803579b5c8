package io.ferry.runtime.storage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.runtime.model.TargetState;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Keeps a standalone worker's connectors in a JSON file, so connectors created through REST survive a restart.
 * The file holds configs exactly as submitted (with {@code ${...}} placeholders unresolved) and each target state.
 * Without a file the store is memory-only. Task configs are kept in memory only: connectors generate them anew when
 * they start. Each change counts as one step of the snapshot's offset, as a record of the config topic would.
 */
public class FileConnectorConfigStore implements ConnectorConfigStore {

    private static final Logger log = LoggerFactory.getLogger(FileConnectorConfigStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final SortedMap<String, StoredConnector> connectors = new TreeMap<>();
    private final Map<String, List<Map<String, String>>> taskConfigs = new HashMap<>();
    private long offset = -1;

    public FileConnectorConfigStore(Path file) {
        this.file = file;
    }

    public static FileConnectorConfigStore inMemory() {
        return new FileConnectorConfigStore(null);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void start() {
        connectors.clear();
        taskConfigs.clear();
        offset++;
        if (file == null || !Files.exists(file)) {
            return;
        }
        try {
            Map<String, FileEntry> entries = MAPPER.readValue(file.toFile(), new TypeReference<Map<String, Map<String, FileEntry>>>() { })
                    .getOrDefault("connectors", Map.of());
            entries.forEach((name, e) -> connectors.put(name,
                    new StoredConnector(e.config(), e.state() == null ? TargetState.STARTED : e.state(), e.fromFile())));
            log.info("Loaded {} connector configurations from {}", connectors.size(), file);
        } catch (IOException e) {
            throw new ConnectException("Cannot read connector configurations from " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public synchronized SortedMap<String, StoredConnector> connectors() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(connectors));
    }

    @Override
    public synchronized void put(String name, StoredConnector connector) {
        connectors.put(name, connector);
        offset++;
        save();
    }

    @Override
    public synchronized void remove(String name) {
        taskConfigs.remove(name);
        offset++;
        if (connectors.remove(name) != null) {
            save();
        }
    }

    @Override
    public synchronized void putTaskConfigs(String name, List<Map<String, String>> configs) {
        if (connectors.containsKey(name)) {
            taskConfigs.put(name, configs.stream().map(Map::copyOf).toList());
            offset++;
        }
    }

    @Override
    public synchronized ClusterConfig snapshot() {
        SortedMap<String, Map<String, String>> configs = new TreeMap<>();
        Map<String, TargetState> states = new HashMap<>();
        connectors.forEach((name, c) -> {
            configs.put(name, c.config());
            states.put(name, c.targetState());
        });
        return new ClusterConfig(offset, Collections.unmodifiableSortedMap(configs), Map.copyOf(states),
                Map.copyOf(taskConfigs), Set.of());
    }

    private void save() {
        if (file == null) {
            return;
        }
        Map<String, FileEntry> entries = new LinkedHashMap<>();
        connectors.forEach((name, c) -> entries.put(name, new FileEntry(c.config(), c.targetState(), c.fromFile())));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            MAPPER.writeValue(tmp.toFile(), Map.of("connectors", entries));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConnectException("Cannot write connector configurations to " + file + ": " + e.getMessage(), e);
        }
    }

    record FileEntry(Map<String, String> config, TargetState state, boolean fromFile) {
        FileEntry {
            config = new TreeMap<>(config);
        }
    }
}
