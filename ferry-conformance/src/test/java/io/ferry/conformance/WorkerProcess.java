package io.ferry.conformance;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A worker (Apache Kafka Connect's or Ferry's, standalone or a one-worker cluster) in its own process, with its REST port. */
final class WorkerProcess implements AutoCloseable {

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private WorkerProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    static WorkerProcess apache(String bootstrap, Path dir, boolean distributed) throws Exception {
        return start("apache", bootstrap, dir, distributed, System.getProperty("java.class.path"),
                distributed ? "org.apache.kafka.connect.cli.ConnectDistributed" : "org.apache.kafka.connect.cli.ConnectStandalone");
    }

    static WorkerProcess ferry(String bootstrap, Path dir, boolean distributed) throws Exception {
        Path home = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize();
        return start("ferry", bootstrap, dir, distributed, home.resolve("ferry-cli/target/lib") + "/*", "io.ferry.cli.FerryCli",
                distributed ? "distributed" : "standalone");
    }

    private static WorkerProcess start(String name, String bootstrap, Path dir, boolean distributed, String classpath,
                                       String... main) throws Exception {
        Files.createDirectories(dir);
        int port = freePort();
        Path props = dir.resolve(name + "-worker.properties");
        Files.writeString(props, String.join("\n",
                "bootstrap.servers=" + bootstrap,
                "listeners=http://127.0.0.1:" + port,
                "plugin.path=" + System.getProperty("ferry.it.pluginPath"),
                distributed ? "" : "offset.storage.file.filename=" + dir.resolve(name + ".offsets"),
                "offset.flush.interval.ms=1000",
                "key.converter=org.apache.kafka.connect.storage.StringConverter",
                "value.converter=org.apache.kafka.connect.storage.StringConverter",
                // A one-worker cluster of its own for each runtime (ignored by standalone workers).
                distributed ? "group.id=conformance-" + name : "",
                distributed ? "config.storage.topic=conformance-" + name + "-configs" : "",
                distributed ? "offset.storage.topic=conformance-" + name + "-offsets" : "",
                distributed ? "status.storage.topic=conformance-" + name + "-status" : "",
                distributed ? "config.storage.replication.factor=1\noffset.storage.replication.factor=1\nstatus.storage.replication.factor=1" : "",
                distributed ? "scheduled.rebalance.max.delay.ms=0" : "",
                "") );
        // Both runtimes log with Ferry's configuration, so their log levels (visible through /admin/loggers) agree.
        Path logConfig = Path.of(System.getProperty("ferry.home"), "config", "connect-log4j2.properties").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Dlog4j2.configurationFile=" + logConfig, "-cp", classpath));
        command.addAll(List.of(main));
        command.add(props.toString());
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WorkerProcess worker = new WorkerProcess(name, port, process, log);
        worker.awaitReady();
        return worker;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " worker exited: " + Files.readString(log));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/connectors"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " worker did not start within 120 s; log: " + log);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
