package io.ferry.runtime;

import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.cluster.ConnectorValidator;
import io.ferry.runtime.cluster.AutoRestartPolicy;
import io.ferry.runtime.cluster.StandaloneHerder;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.logging.WorkerIdContextData;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.rest.RestServer;
import io.ferry.runtime.storage.FileConnectorConfigStore;
import io.ferry.runtime.storage.FileOffsetBackingStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.Worker;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A standalone worker process: plugins, the REST API, the worker and its herder, wired together.
 * Offsets go to the offsets file; connector configs to the connectors file beside it.
 */
public final class StandaloneRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneRuntime.class);

    private final StandaloneConfig config;
    private final RuntimeParts parts;
    private final RestServer rest;
    private final StandaloneHerder herder;

    private StandaloneRuntime(StandaloneConfig config, RuntimeParts parts, StandaloneHerder herder) {
        this.config = config;
        this.parts = parts;
        this.rest = parts.rest();
        this.herder = herder;
    }

    /** Starts a standalone worker with the given worker properties and connector files. */
    public static StandaloneRuntime start(Map<String, String> workerProps, List<ConnectorDefinition> connectors) {
        long begin = System.nanoTime();
        StandaloneConfig config = new StandaloneConfig(workerProps);
        RuntimeParts parts = RuntimeParts.start(config, log, "standalone worker");
        Plugins plugins = parts.plugins();
        RestServer rest = parts.rest();
        try {
            String clusterId = parts.kafkaClusterId();
            String workerId = rest.workerId();
            WorkerIdContextData.set(workerId);
            ConfigProviders providers = ConfigProviders.fromWorkerConfig(config.originalStrings(), plugins);
            Worker worker = new Worker(workerId, config, plugins, new FileOffsetBackingStore(config.offsetsFile()), providers);
            FileConnectorConfigStore configStore = new FileConnectorConfigStore(config.connectorsFile());
            ConnectorValidator validator = new ConnectorValidator(plugins, providers, config, worker.overridePolicy());
            StandaloneHerder herder = new StandaloneHerder(worker, validator, plugins, configStore,
                    new StatusStore(), clusterId, AutoRestartPolicy.from(config), Time.SYSTEM);
            herder.start(connectors);
            rest.initializeResources(herder, plugins);
            log.info("Ferry standalone worker {} started in {} ms; REST API at {}; offsets in {}; connectors kept in {}",
                    workerId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), rest.advertisedUrl(),
                    config.offsetsFile().toAbsolutePath(), config.connectorsFile().toAbsolutePath());
            return new StandaloneRuntime(config, parts, herder);
        } catch (RuntimeException e) {
            parts.abort();
            throw e;
        }
    }

    public Plugins plugins() {
        return parts.plugins();
    }

    public StandaloneHerder herder() {
        return herder;
    }

    public URI restUrl() {
        return rest.advertisedUrl();
    }

    public int restPort() {
        return rest.localPort();
    }

    /** The port of the first admin listener, or -1 when /admin is served on the main listeners. */
    public int adminPort() {
        return rest.adminPort();
    }

    public StandaloneConfig config() {
        return config;
    }

    /** Blocks until {@link #close()} has completed. */
    public void awaitStop() throws InterruptedException {
        parts.awaitStop();
    }

    @Override
    public void close() {
        parts.close(herder::stop);
    }
}
