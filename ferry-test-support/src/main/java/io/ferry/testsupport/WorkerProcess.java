package io.ferry.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A worker, Ferry's or Apache Kafka Connect's, standalone or distributed, in a process of its own: Ferry from its
 * distribution ({@code ferry-cli/target/lib} under the {@code ferry.home} system property), Apache Kafka Connect
 * from the test class path. Both log with Ferry's {@code config/connect-log4j2.properties}, so their log levels
 * (visible through {@code /admin/loggers}) agree.
 * <p>
 * {@link #start(Kind, String, Map, Path)} writes the settings to {@code DIR/NAME.properties} with a {@code listeners}
 * on a free port of 127.0.0.1 (HTTPS when the settings give {@code listeners.https.ssl.keystore.location}), starts
 * the worker with its output in {@code NAME-PORT.log} (in the directory the {@code ferry.it.workerLogs} system property
 * names, else in DIR) and returns once its REST API answers {@code GET /connectors}.
 */
public final class WorkerProcess implements AutoCloseable {

    public enum Kind { FERRY, APACHE }

    /** How a worker is started; {@link WorkerProcess#options()} gives the defaults. */
    public record Options(boolean distributed, String maxHeap, Duration stopTimeout, String logConfig,
                          List<String> arguments, List<String> jvmOptions) {

        public Options distributed(boolean distributed) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, arguments, jvmOptions);
        }

        public Options maxHeap(String maxHeap) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, arguments, jvmOptions);
        }

        /** How long {@link WorkerProcess#close()} waits for a graceful stop before killing the worker. */
        public Options stopTimeout(Duration stopTimeout) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, arguments, jvmOptions);
        }

        /** The Log4j 2 configuration file, relative to {@code ferry.home}; {@code config/connect-log4j2.properties} by default. */
        public Options logConfig(String logConfig) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, arguments, jvmOptions);
        }

        /** Command-line arguments after the worker properties file, e.g. a standalone worker's connector files. */
        public Options arguments(List<String> arguments) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, List.copyOf(arguments), jvmOptions);
        }

        /** Further options of the worker's JVM (system properties such as remote JMX), before its main class. */
        public Options jvmOptions(List<String> jvmOptions) {
            return new Options(distributed, maxHeap, stopTimeout, logConfig, arguments, List.copyOf(jvmOptions));
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern LEADER = Pattern.compile("Rebalance complete \\(generation (\\d+), leader (\\S+?)[,)]");

    /** Workers still running when the test JVM exits (a test failed before stopping them) are stopped with it. */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "stop-workers"));
    }

    public final Kind kind;
    public final String name;
    public final int port;
    public final Path log;
    private final Process process;
    private final Rest.Tls tls;
    private final Rest rest;
    private final Duration stopTimeout;

    private WorkerProcess(Kind kind, String name, int port, Process process, Path log, Rest.Tls tls, Duration stopTimeout) {
        this.kind = kind;
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.tls = tls;
        this.rest = new Rest(url(), tls);
        this.stopTimeout = stopTimeout;
    }

    /** A distributed worker with 384 MB of heap and 60 s to stop gracefully. */
    public static Options options() {
        return new Options(true, "384m", Duration.ofSeconds(60), "config/connect-log4j2.properties", List.of(),
                List.of());
    }

    /** A worker with the default {@link #options()}. */
    public static WorkerProcess start(Kind kind, String name, Map<String, String> settings, Path dir) throws Exception {
        return start(kind, name, settings, dir, options());
    }

    public static WorkerProcess start(Kind kind, String name, Map<String, String> settings, Path dir, Options options)
            throws Exception {
        WorkerProcess worker = launch(kind, name, settings, dir, options);
        worker.awaitReady();
        return worker;
    }

    /**
     * Starts the worker's process and returns at once, before its REST API is up (for tests of what it answers while
     * it starts); {@link #awaitReady()} waits for it.
     */
    public static WorkerProcess launch(Kind kind, String name, Map<String, String> settings, Path dir, Options options)
            throws Exception {
        Files.createDirectories(dir);
        int port = Ports.freePort();
        Map<String, String> props = new LinkedHashMap<>(settings);
        // A worker given a key store for its HTTPS listener serves HTTPS only; the tests trust its trust store.
        String keystore = settings.get("listeners.https.ssl.keystore.location");
        Rest.Tls tls = keystore == null ? null : new Rest.Tls(Path.of(settings.get("listeners.https.ssl.truststore.location")),
                settings.get("listeners.https.ssl.truststore.password"));
        props.put("listeners", (tls == null ? "http" : "https") + "://127.0.0.1:" + port);
        Path file = dir.resolve(name + ".properties");
        List<String> lines = new ArrayList<>();
        props.forEach((k, v) -> lines.add(k + "=" + v));
        Files.write(file, lines);
        Path home = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize();
        Path logConfig = home.resolve(options.logConfig());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.maxHeap(), "-Dlog4j2.configurationFile=" + logConfig));
        command.addAll(options.jvmOptions());
        command.add("-cp");
        if (kind == Kind.FERRY) {
            command.addAll(List.of(home.resolve("ferry-cli/target/lib") + "/*", "io.ferry.cli.FerryCli",
                    options.distributed() ? "distributed" : "standalone"));
        } else {
            command.addAll(List.of(System.getProperty("java.class.path"), options.distributed()
                    ? "org.apache.kafka.connect.cli.ConnectDistributed" : "org.apache.kafka.connect.cli.ConnectStandalone"));
        }
        command.add(file.toString());
        command.addAll(options.arguments());
        // Logs go where the ferry.it.workerLogs system property says, to outlive the test's temporary directory.
        Path logs = Path.of(System.getProperty("ferry.it.workerLogs", dir.toString()));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        STARTED.add(process);
        return new WorkerProcess(kind, name, port, process, log, tls, options.stopTimeout());
    }

    public String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The worker id statuses show for this worker. */
    public String workerId() {
        return "127.0.0.1:" + port;
    }

    public Rest rest() {
        return rest;
    }

    /** Waits until the REST API answers {@code GET /connectors}; fails when the process exits first. */
    public void awaitReady() {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            return rest.status("/connectors") == 200;
        });
    }

    /** The leader URL of the latest rebalance this (distributed) worker completed, from its log. */
    public String lastKnownLeaderUrl() throws IOException {
        Matcher m = LEADER.matcher(Files.readString(log));
        String leader = null;
        while (m.find()) {
            leader = m.group(2);
        }
        return leader;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Waits at most {@code timeout} for the process to end by itself; its exit code, or empty if it still runs. */
    public java.util.OptionalInt awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return java.util.OptionalInt.empty();
        }
        STARTED.remove(process);
        return java.util.OptionalInt.of(process.exitValue());
    }

    /** {@code kill -9}: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        STARTED.remove(process);
    }

    /**
     * {@code kill -STOP}: the process stops where it is, as a worker cut off from its cluster (a long GC pause, a
     * frozen VM, a network partition) does; {@link #resume()} lets it go on, unaware of what happened meanwhile.
     */
    public void suspend() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** {@code kill -CONT}: a suspended process goes on from where it stopped. */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** A graceful stop (SIGTERM), as an operator would do; killed if it takes longer than the stop timeout. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        STARTED.remove(process);
    }
}
