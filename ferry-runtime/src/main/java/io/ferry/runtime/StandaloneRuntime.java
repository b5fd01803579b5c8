package io.ferry.runtime;

import io.ferry.runtime.model.ConnectorDefinition;
import io.ferry.runtime.cluster.ConnectorValidator;
import io.ferry.runtime.cluster.StandaloneHerder;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.PluginDiscoveryMode;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.rest.RestServer;
import io.ferry.runtime.storage.FileConnectorConfigStore;
import io.ferry.runtime.storage.FileOffsetBackingStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.ClientConfigs;
import io.ferry.runtime.worker.Worker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A standalone worker process: plugins, the REST API, the worker and its herder, wired together.
 * Offsets go to the offsets file; connector configs to the connectors file beside it.
 */
public final class StandaloneRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneRuntime.class);
    static final Duration KAFKA_LOOKUP_TIMEOUT = Duration.ofSeconds(60);

    private final StandaloneConfig config;
    private final Plugins plugins;
    private final RestServer rest;
    private final StandaloneHerder herder;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StandaloneRuntime(StandaloneConfig config, Plugins plugins, RestServer rest, StandaloneHerder herder) {
        this.config = config;
        this.plugins = plugins;
        this.rest = rest;
        this.herder = herder;
    }

    /** Starts a standalone worker with the given worker properties and connector files. */
    public static StandaloneRuntime start(Map<String, String> workerProps, List<ConnectorDefinition> connectors) {
        long begin = System.nanoTime();
        StandaloneConfig config = new StandaloneConfig(workerProps);
        Plugins plugins = Plugins.discover(config.pluginPath(),
                PluginDiscoveryMode.parse(config.getString(WorkerConfig.PLUGIN_DISCOVERY_CONFIG)));
        RestServer rest = null;
        try {
            String clusterId = kafkaClusterId(config);
            rest = new RestServer(config, plugins.delegatingLoader());
            rest.start();
            String workerId = rest.workerId();
            ConfigProviders providers = ConfigProviders.fromWorkerConfig(config.originalStrings(), plugins);
            Worker worker = new Worker(workerId, config, plugins, new FileOffsetBackingStore(config.offsetsFile()), providers);
            FileConnectorConfigStore configStore = new FileConnectorConfigStore(config.connectorsFile());
            StandaloneHerder herder = new StandaloneHerder(worker, new ConnectorValidator(plugins, providers, config, worker.overridePolicy()), plugins, configStore,
                    new StatusStore(), clusterId, Time.SYSTEM);
            herder.start(connectors);
            rest.initializeResources(herder, plugins);
            log.info("Ferry standalone worker {} started in {} ms; REST API at {}; offsets in {}; connectors kept in {}",
                    workerId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), rest.advertisedUrl(),
                    config.offsetsFile().toAbsolutePath(), config.connectorsFile().toAbsolutePath());
            return new StandaloneRuntime(config, plugins, rest, herder);
        } catch (RuntimeException e) {
            if (rest != null) {
                rest.stop();
            }
            plugins.close();
            throw e;
        }
    }

    /** Asks Kafka for its cluster id, which also proves the brokers can be reached. */
    static String kafkaClusterId(WorkerConfig config) {
        Map<String, Object> props = new ClientConfigs(config).admin("ferry-cluster-id", Map.of());
        try (Admin admin = Admin.create(props)) {
            return admin.describeCluster().clusterId().get(KAFKA_LOOKUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while connecting to Kafka");
        } catch (Exception e) {
            throw new ConnectException("Could not reach Kafka at bootstrap.servers=" + config.bootstrapServers()
                    + " within " + KAFKA_LOOKUP_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    public Plugins plugins() {
        return plugins;
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
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        log.info("Ferry standalone worker stopping");
        rest.stop();
        try {
            herder.stop();
        } finally {
            Utils.closeQuietly(plugins, "plugins");
            stopped.countDown();
        }
        log.info("Ferry standalone worker stopped");
    }
}
