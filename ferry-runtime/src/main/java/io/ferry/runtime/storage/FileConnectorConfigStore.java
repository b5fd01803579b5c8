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
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A standalone worker's config store: the same log of changes a cluster keeps in its config topic, for a cluster of
 * one. Connector configs (exactly as submitted, with {@code ${...}} placeholders unresolved) and target states are
 * kept in a JSON file, so connectors created through REST survive a restart; without a file the store is memory-only.
 * Task configs, restart requests and log levels are not kept: connectors generate task configs anew when they start.
 * Each change counts as one step of the snapshot's offset and is told to the listener before the write returns, on
 * the writing thread, as a worker reads back its own record from the config topic.
 */
public class FileConnectorConfigStore implements ClusterConfigStore {

    private static final Logger log = LoggerFactory.getLogger(FileConnectorConfigStore.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final SortedMap<String, StoredConnector> connectors = new TreeMap<>();
    private final Map<String, List<Map<String, String>>> taskConfigs = new HashMap<>();
    private volatile Listener listener;
    private long offset = -1;
    /** The current snapshot, or null when a change was made since it was taken. */
    private ClusterConfig snapshot;

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
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public synchronized void start() {
        connectors.clear();
        taskConfigs.clear();
        changed();
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
    public boolean readToEnd(Duration timeout) {
        return true;
    }

    // ---- what only a standalone worker has: connectors from files given on its command line ----

    /** Every stored connector, with whether it came from a connector file. */
    public synchronized SortedMap<String, StoredConnector> connectors() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(connectors));
    }

    /** Stores a connector as it is (a connector file's definition, or one that file no longer gives). */
    public void put(String name, StoredConnector connector) {
        synchronized (this) {
            connectors.put(name, connector);
            changed();
            save();
        }
        notify(l -> l.onConnectorConfig(name, false));
    }

    // ---- the config log ----

    @Override
    public synchronized ClusterConfig snapshot() {
        if (snapshot == null) {
            SortedMap<String, Map<String, String>> configs = new TreeMap<>();
            Map<String, TargetState> states = new HashMap<>();
            connectors.forEach((name, c) -> {
                configs.put(name, c.config());
                states.put(name, c.targetState());
            });
            snapshot = new ClusterConfig(offset, Collections.unmodifiableSortedMap(configs), Map.copyOf(states),
                    Map.copyOf(taskConfigs), Set.of());
        }
        return snapshot;
    }

    /** A new connector starts in {@code initialState} (STARTED when null); one that exists keeps its state. */
    @Override
    public void putConnectorConfig(String connector, Map<String, String> config, TargetState initialState) {
        StoredConnector existing;
        synchronized (this) {
            existing = connectors.get(connector);
        }
        TargetState state = existing != null ? existing.targetState()
                : initialState != null ? initialState : TargetState.STARTED;
        put(connector, new StoredConnector(config, state, existing != null && existing.fromFile()));
    }

    @Override
    public void removeConnectorConfig(String connector) {
        synchronized (this) {
            taskConfigs.remove(connector);
            changed();
            if (connectors.remove(connector) != null) {
                save();
            }
        }
        notify(l -> l.onConnectorConfig(connector, true));
    }

    @Override
    public void putTargetState(String connector, TargetState state) {
        synchronized (this) {
            StoredConnector stored = connectors.get(connector);
            if (stored == null) {
                return;
            }
            connectors.put(connector, stored.withTargetState(state));
            changed();
            save();
        }
        notify(l -> l.onTargetState(connector));
    }

    /** Ignored when the connector is not (or no longer) stored, as a commit record of a removed connector is. */
    @Override
    public void putTaskConfigs(String connector, List<Map<String, String>> configs) {
        synchronized (this) {
            if (!connectors.containsKey(connector)) {
                return;
            }
            taskConfigs.put(connector, configs.stream().map(c -> Collections.unmodifiableMap(new LinkedHashMap<>(c)))
                    .toList());
            changed();
        }
        notify(l -> l.onTaskConfigs(connector));
    }

    @Override
    public void putRestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
        notify(l -> l.onRestartRequest(connector, includeTasks, onlyFailed));
    }

    /** Requests between workers are not signed in a cluster of one. */
    @Override
    public SessionKey sessionKey() {
        return null;
    }

    @Override
    public void putSessionKey(SessionKey key) {
        throw new UnsupportedOperationException("A standalone worker has no session key");
    }

    @Override
    public void putLoggerLevel(String namespace, String level) {
        notify(l -> l.onLoggerLevel(namespace, level));
    }

    private void changed() {
        offset++;
        snapshot = null;
    }

    private void notify(java.util.function.Consumer<Listener> event) {
        Listener l = listener;
        if (l != null) {
            event.accept(l);
        }
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
