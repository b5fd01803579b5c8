package io.ferry.bench;

import io.ferry.testsupport.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Starts distributed workers as their own launchers would: Ferry through {@code bin/ferry} with that script's
 * defaults, Apache Kafka Connect with the JVM options of Apache's {@code bin/connect-distributed.sh}. Both get the
 * same worker properties (Apache's connect-distributed.properties template values) and log with the same
 * configuration, so neither pays more for logging.
 */
public final class WorkerLauncher {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The heap and JVM options Apache's kafka-run-class.sh gives a Connect worker when none are set. */
    static final List<String> APACHE_LAUNCHER_JVM_OPTIONS = List.of("-Xms256M", "-Xmx2G", "-server", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent",
            "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true");

    /** Launcher variables of bin/ferry that must not leak in from the bench's own environment. */
    private static final List<String> LAUNCHER_VARIABLES = List.of("KAFKA_HEAP_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS",
            "KAFKA_GC_LOG_OPTS", "KAFKA_JMX_OPTS", "JMX_PORT", "JMX_RMI_PORT", "KAFKA_LOG4J_OPTS", "KAFKA_OPTS");

    private final BenchSettings settings;
    private final String bootstrapServers;
    private int starts;

    public WorkerLauncher(BenchSettings settings, String bootstrapServers) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
    }

    /** Starts a worker with its output in {@code <work-dir>/<name>.log}; returns before its REST API is up. */
    public BenchWorker launch(RuntimeKind kind, String name) throws IOException {
        int port = Ports.freePort();
        Path properties = settings.workDir().resolve(name + ".properties");
        Files.write(properties, workerProperties(kind, port).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Path log = settings.workDir().resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command(kind, properties)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        if (kind == RuntimeKind.FERRY) {
            Map<String, String> env = builder.environment();
            LAUNCHER_VARIABLES.forEach(env::remove);
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("FERRY_CLASS_CACHE_DIR", classCacheDir().toString());
            if (!settings.workerJvmOptions().isEmpty()) {
                env.put("KAFKA_OPTS", String.join(" ", settings.workerJvmOptions()));
            }
        }
        long launched = System.nanoTime();
        return new BenchWorker(kind, builder.start(), port, log, launched);
    }

    /** Where bin/ferry keeps Ferry's class-data sharing archives for this bench run. */
    private Path classCacheDir() {
        return settings.workDir().toAbsolutePath().resolve("class-cache");
    }

    /**
     * Waits (at most two minutes) until bin/ferry has finished building a class-data sharing archive; after that the
     * rounds go on without waiting longer.
     */
    public void awaitClassCache() throws IOException {
        Path dir = Files.createDirectories(classCacheDir());
        try {
            Poll.until("the class-data sharing archive", Duration.ofMinutes(2), Duration.ofMillis(200), () -> {
                try (var files = Files.list(dir)) {
                    return files.noneMatch(f -> f.getFileName().toString().endsWith(".building"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (TimeoutException e) {
            // Still building: Ferry's first rounds may start without the archive.
        }
    }

    /** Starts a worker and waits until it answers {@code GET /connectors}; returns the seconds that took. */
    public BenchWorker start(RuntimeKind kind, String name) throws IOException, TimeoutException {
        BenchWorker worker = launch(kind, name);
        awaitRest(worker);
        return worker;
    }

    /** Waits for {@code GET /connectors} to answer 200, polling every 20 ms; fails at once if the worker exits. */
    public static double awaitRest(BenchWorker worker) throws TimeoutException {
        Poll.until(worker.kind.title + " worker's REST API", START_TIMEOUT, Duration.ofMillis(20), () -> {
            if (!worker.alive()) {
                throw new IllegalStateException(worker.kind.title + " worker exited; see " + worker.log);
            }
            return worker.rest().status("/connectors") == 200;
        });
        return Poll.secondsSince(worker.launchedNanos);
    }

    Map<String, String> workerProperties(RuntimeKind kind, int port) {
        // Every start gets its own group and internal topics, so no worker inherits another's connectors or offsets.
        String id = "bench-" + kind.id + "-" + (++starts) + "-" + System.currentTimeMillis();
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", id);
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter.schemas.enable", "true");
        props.put("offset.storage.topic", id + "-offsets");
        props.put("offset.storage.replication.factor", "1");
        props.put("config.storage.topic", id + "-configs");
        props.put("config.storage.replication.factor", "1");
        props.put("status.storage.topic", id + "-status");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.flush.interval.ms", "10000");
        props.put("plugin.path", settings.pluginPath().toString());
        props.put("listeners", "http://127.0.0.1:" + port);
        return props;
    }

    List<String> command(RuntimeKind kind, Path properties) {
        if (kind == RuntimeKind.FERRY) {
            return List.of(settings.ferryHome().resolve("bin/ferry").toString(), "distributed", properties.toString());
        }
        List<String> command = new ArrayList<>();
        command.add(settings.javaExecutable().toString());
        command.addAll(APACHE_LAUNCHER_JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + settings.logConfig());
        command.addAll(settings.workerJvmOptions());
        command.addAll(List.of("-cp", settings.apacheLib() + "/*", "org.apache.kafka.connect.cli.ConnectDistributed",
                properties.toString()));
        return command;
    }
}
