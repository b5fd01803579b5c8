package io.ferry.cli;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.runtime.StandaloneRuntime;
import io.ferry.runtime.model.ConnectorDefinition;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ferry quickstart}: a single-node Kafka broker, a standalone worker and a demo pipeline, so that records
 * visibly flow within seconds. Everything lives in a work directory that each run starts afresh.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, a standalone worker and a demo pipeline.")
public final class QuickstartCommand implements Callable<Integer> {

    static final String SOURCE = "quickstart-source";
    static final String SINK = "quickstart-sink";
    static final String TOPIC = "quickstart-users";
    /** Ferry's own connectors (MQTT, ...), as the build puts them: on the quickstart's plugin.path too. */
    static final String CONNECTORS = "ferry-connectors/target/plugins";

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the broker's data, offsets and plugins go (default: work/quickstart under the Ferry home).")
    Path workDir;

    @Option(names = "--rest-port", defaultValue = "8083", description = "REST port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(names = "--rate", defaultValue = "5", description = "Sample records per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Override
    public Integer call() throws Exception {
        Path home = ferryHome();
        Path work = (workDir != null ? workDir : home.resolve("work/quickstart")).toAbsolutePath();
        Utils.delete(work.toFile());
        Files.createDirectories(work);
        Path plugins = installDemoPlugin(home, work.resolve("plugins"));

        PrintStream out = System.out;
        out.println("Ferry quickstart: work directory " + work);
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(1).dataDir(work.resolve("kafka")).build();
        kafka.start();
        out.println("Kafka broker (KRaft, single node) at " + kafka.bootstrapServers());

        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("bootstrap.servers", kafka.bootstrapServers());
        worker.put("listeners", "http://127.0.0.1:" + restPort);
        worker.put("plugin.path", plugins + "," + home.resolve(CONNECTORS));
        worker.put("offset.storage.file.filename", work.resolve("connect.offsets").toString());
        worker.put("offset.flush.interval.ms", "10000");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");

        StandaloneRuntime runtime;
        try {
            runtime = StandaloneRuntime.start(worker, List.of(source(), sink()));
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the quickstart...");
            try {
                runtime.close();
            } finally {
                kafka.close();
                out.println("Quickstart stopped cleanly.");
                stopped.countDown();
            }
        }, "quickstart-shutdown"));

        String url = "http://127.0.0.1:" + runtime.restPort();
        out.println();
        out.println("Running:");
        out.println("  worker      standalone, REST API at " + url);
        out.println("  " + SOURCE + "  sample user records, " + rate + "/s, into topic " + TOPIC);
        out.println("  " + SINK + "    reads " + TOPIC + " back and logs what it receives");
        out.println();
        out.println("Try:");
        out.println("  curl -s " + url + "/connectors");
        out.println("  curl -s " + url + "/connectors/" + SOURCE + "/status");
        out.println("  curl -s -X PUT " + url + "/connectors/" + SOURCE + "/pause");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
        return 0;
    }

    private ConnectorDefinition source() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", SOURCE);
        config.put("connector.class", "SampleDataSource");
        config.put("tasks.max", "1");
        config.put("topic", TOPIC);
        config.put("schema", "users");
        config.put("rate.per.second", String.valueOf(rate));
        config.put("topic.creation.default.partitions", "1");
        config.put("topic.creation.default.replication.factor", "1");
        return new ConnectorDefinition(SOURCE, config, null);
    }

    private static ConnectorDefinition sink() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("name", SINK);
        config.put("connector.class", "CountingSink");
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("log.every.records", "25");
        config.put("log.interval.ms", "5000");
        return new ConnectorDefinition(SINK, config, null);
    }

    static Path ferryHome() {
        String home = System.getProperty("ferry.home", System.getenv("FERRY_HOME"));
        return Path.of(home != null ? home : ".").toAbsolutePath().normalize();
    }

    /** Copies the demo plugin directory onto the quickstart's plugin.path, like any third-party plugin. */
    static Path installDemoPlugin(Path home, Path pluginPath) throws IOException {
        Path built = home.resolve("ferry-plugins/ferry-demo-plugin/target/plugin/ferry-demo-plugin");
        if (!Files.isDirectory(built)) {
            throw new IllegalStateException("The demo plugin is not built (" + built + "); run bin/ferry again to build it");
        }
        Path target = pluginPath.resolve("ferry-demo-plugin");
        Files.createDirectories(target);
        try (var files = Files.list(built)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return pluginPath;
    }

}
