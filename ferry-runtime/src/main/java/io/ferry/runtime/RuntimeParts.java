package io.ferry.runtime;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.PluginDiscoveryMode;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.rest.RestServer;
import io.ferry.runtime.worker.ClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a standalone and a distributed worker process share: the plugins, Kafka's cluster id (which also proves the
 * brokers can be reached), the REST server, and the order they stop in. The herder between them is each runtime's own.
 */
final class RuntimeParts {

    static final Duration KAFKA_LOOKUP_TIMEOUT = Duration.ofSeconds(60);

    private final Plugins plugins;
    private final String kafkaClusterId;
    private final RestServer rest;
    private final Logger log;
    private final String description;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private RuntimeParts(Plugins plugins, String kafkaClusterId, RestServer rest, Logger log, String description) {
        this.plugins = plugins;
        this.kafkaClusterId = kafkaClusterId;
        this.rest = rest;
        this.log = log;
        this.description = description;
    }

    /**
     * Discovers the plugins while asking Kafka for its cluster id, then starts the REST server (whose resources the
     * runtime initialises once its herder runs). A failed scan is reported at once, without waiting for Kafka. What
     * was started is released again when a step fails.
     *
     * @param description what {@link #close} logs as stopping, e.g. {@code "standalone worker"}
     */
    static RuntimeParts start(WorkerConfig config, Logger log, String description) {
        // The first call to Kafka goes on beside the plugin scan: neither needs the other, and both take a while.
        CompletableFuture<String> clusterIdLookup = CompletableFuture.supplyAsync(() -> kafkaClusterId(config),
                runnable -> startDaemon("kafka-cluster-id", runnable));
        Plugins plugins = Plugins.discover(config.pluginPath(),
                PluginDiscoveryMode.parse(config.getString(WorkerConfig.PLUGIN_DISCOVERY_CONFIG)));
        RestServer rest = null;
        try {
            String clusterId = joinUnwrapped(clusterIdLookup);
            rest = new RestServer(config, plugins.delegatingLoader());
            rest.start();
            return new RuntimeParts(plugins, clusterId, rest, log, description);
        } catch (RuntimeException e) {
            release(rest, plugins);
            throw e;
        }
    }

    private static void startDaemon(String name, Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The lookup's answer, or the exception it failed with, as it was thrown. */
    private static String joinUnwrapped(CompletableFuture<String> lookup) {
        try {
            return lookup.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
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

    Plugins plugins() {
        return plugins;
    }

    String kafkaClusterId() {
        return kafkaClusterId;
    }

    RestServer rest() {
        return rest;
    }

    /** Releases the REST server and the plugins when the runtime could not be started after {@link #start}. */
    void abort() {
        release(rest, plugins);
    }

    private static void release(RestServer rest, Plugins plugins) {
        if (rest != null) {
            rest.stop();
        }
        plugins.close();
    }

    /** Blocks until {@link #close} has completed. */
    void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops once, in this order: the REST API (no new requests), then the herder ({@code stopHerder}), then the
     * plugins, even when the herder fails to stop.
     */
    synchronized void close(Runnable stopHerder) {
        if (stopped.getCount() == 0) {
            return;
        }
        log.info("Ferry {} stopping", description);
        rest.stop();
        try {
            stopHerder.run();
        } finally {
            Utils.closeQuietly(plugins, "plugins");
            stopped.countDown();
        }
        log.info("Ferry {} stopped", description);
    }
}
