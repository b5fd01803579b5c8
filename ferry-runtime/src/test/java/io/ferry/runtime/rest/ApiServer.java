package io.ferry.runtime.rest;

import io.ferry.runtime.cluster.FakeDataPlane;
import io.ferry.runtime.cluster.FakeSourceConnector;
import io.ferry.runtime.cluster.StandaloneHerder;
import io.ferry.runtime.cluster.TestPlugins;
import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.FileConnectorConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.storage.StoredConnector;
import io.ferry.testsupport.RawHttp;
import org.apache.kafka.common.utils.Time;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real REST server over a standalone herder with an in-memory config store and a fake data plane. */
final class ApiServer implements AutoCloseable {

    private final FileConnectorConfigStore store = FileConnectorConfigStore.inMemory();
    private final StandaloneHerder herder;
    private final RestServer server;

    ApiServer() {
        herder = new StandaloneHerder(new FakeDataPlane(), TestPlugins.validator(), TestPlugins.plugins(), store,
                new StatusStore(), "cluster", Time.SYSTEM);
        herder.start(List.of());
        Map<String, String> props = Map.of("bootstrap.servers", "127.0.0.1:9", "offset.storage.file.filename", "unused",
                "listeners", "http://127.0.0.1:0");
        server = new RestServer(new StandaloneConfig(props), null);
        server.start();
        server.initializeResources(herder, TestPlugins.plugins());
    }

    RawHttp http() {
        return new RawHttp("127.0.0.1", server.localPort(), Duration.ofSeconds(30));
    }

    /** Stores a connector as an older version or another Kafka Connect may have, without any check of its name. */
    void storeDirectly(String name) {
        store.put(name, new StoredConnector(config(name), TargetState.STARTED, false));
    }

    static Map<String, String> config(String name) {
        Map<String, String> config = new LinkedHashMap<>(FakeSourceConnector.config(1));
        config.put("name", name);
        return config;
    }

    @Override
    public void close() {
        server.stop();
        herder.stop();
    }
}
