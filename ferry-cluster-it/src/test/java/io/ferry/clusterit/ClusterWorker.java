package io.ferry.clusterit;

import java.io.IOException;
import java.net.ServerSocket;
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

/** One distributed worker (Ferry's or Apache Kafka Connect's) in a process of its own. */
final class ClusterWorker implements AutoCloseable {

    enum Kind { FERRY, APACHE }

    private static final Pattern LEADER = Pattern.compile("Rebalance complete \\(generation (\\d+), leader (\\S+?)[,)]");

    /** Workers still running when the test JVM exits (a test failed before stopping them) are stopped with it. */
    private static final Set<Process> STARTED = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "stop-workers"));
    }

    final Kind kind;
    final String name;
    final int port;
    final Path log;
    private final Process process;

    private final Rest.Tls tls;
    private final Rest rest;

    private ClusterWorker(Kind kind, String name, int port, Process process, Path log, Rest.Tls tls) {
        this.kind = kind;
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
        this.tls = tls;
        this.rest = new Rest(url(), tls);
    }

    /** Settings every worker of a test cluster shares; fast failure detection keeps the tests short. */
    static Map<String, String> settings(String bootstrap, String groupId) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", groupId);
        props.put("plugin.path", System.getProperty("ferry.it.pluginPath"));
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.flush.interval.ms", "1000");
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1000");
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        return props;
    }

    static ClusterWorker start(Kind kind, String name, Map<String, String> settings, Path dir) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
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
        Path logConfig = home.resolve("config/connect-log4j2.properties");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-Dlog4j2.configurationFile=" + logConfig, "-cp"));
        if (kind == Kind.FERRY) {
            command.addAll(List.of(home.resolve("ferry-cli/target/lib") + "/*", "io.ferry.cli.FerryCli", "distributed"));
        } else {
            command.addAll(List.of(System.getProperty("java.class.path"), "org.apache.kafka.connect.cli.ConnectDistributed"));
        }
        command.add(file.toString());
        // Logs outlive the test's temporary directory, so a failed run can be read afterwards.
        Path logs = Path.of(System.getProperty("ferry.it.workerLogs", dir.toString()));
        Files.createDirectories(logs);
        Path log = logs.resolve(name + "-" + port + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        STARTED.add(process);
        ClusterWorker worker = new ClusterWorker(kind, name, port, process, log, tls);
        worker.awaitReady();
        return worker;
    }

    String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The worker id statuses show for this worker. */
    String workerId() {
        return "127.0.0.1:" + port;
    }

    Rest rest() {
        return rest;
    }

    private void awaitReady() {
        Rest rest = rest();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            return rest.status("/connectors") == 200;
        });
    }

    /** The leader URL of the latest rebalance this worker completed, from its log. */
    String lastKnownLeaderUrl() throws IOException {
        Matcher m = LEADER.matcher(Files.readString(log));
        String leader = null;
        while (m.find()) {
            leader = m.group(2);
        }
        return leader;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code kill -9}: no shutdown of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        STARTED.remove(process);
    }

    /** A graceful stop (SIGTERM), as an operator would do. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        STARTED.remove(process);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
