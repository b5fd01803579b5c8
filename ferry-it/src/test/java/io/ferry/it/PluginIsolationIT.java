package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.runtime.plugins.PluginProblem;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;

/** Plugins from plugin.path, each in its own class loader, in one worker. */
class PluginIsolationIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    private static String report(String topic) {
        return new String(kafka.consume(topic, 1, Duration.ofSeconds(60)).get(0).value(), StandardCharsets.UTF_8);
    }

    @Test
    void pluginsWithConflictingLibraryVersionsEachSeeTheirOwn(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(
                    connector("plugin-a", Map.of("connector.class", "io.ferry.plugins.test.a.VersionReportingSourceConnector",
                            "topic", "report-a")),
                    connector("plugin-b", Map.of("connector.class", "io.ferry.plugins.test.b.VersionReportingSourceConnector",
                            "topic", "report-b")));
            worker.awaitRunning("plugin-a", 1);
            worker.awaitRunning("plugin-b", 1);

            String a = report("report-a");
            String b = report("report-b");
            assertThat(a).startsWith("plugin=a library=3.12.0 ").contains("ferry-test-isolation-plugin-a");
            assertThat(b).startsWith("plugin=b library=3.17.0 ").contains("ferry-test-isolation-plugin-b");
        }
    }

    @Test
    void brokenPluginsAreSkippedAndReportedAndTheWorkerRuns(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            List<PluginProblem> problems = worker.runtime().plugins().problems();
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.location()).endsWith("broken-corrupt-jar/broken.jar");
                assertThat(p.reason()).contains("cannot be read");
            });
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.location()).endsWith("ferry-test-broken-plugin");
                assertThat(p.reason()).contains("MissingDependencyConnector").contains("org/apache/commons/cli/CommandLineParser");
            });
            assertThat(problems).anySatisfy(p -> {
                assertThat(p.location()).endsWith("ferry-test-broken-plugin");
                assertThat(p.reason()).contains("ThrowingConstructorConnector").contains("this connector cannot be constructed");
            });
            assertThat(problems).hasSize(3);

            String plugins = worker.rest().get("/connector-plugins").body();
            assertThat(plugins).doesNotContain("MissingDependencyConnector", "ThrowingConstructorConnector")
                    .contains("FileStreamSourceConnector", "SampleDataSourceConnector");
        }
    }

    @Test
    void pluginsWithoutManifestsAreFoundByScanning(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("unlisted", Map.of("connector.class", "UnlistedSource", "topic", "unlisted",
                    "transforms", "upper", "transforms.upper.type", "io.ferry.plugins.test.nomanifest.UppercaseValue")));
            worker.awaitRunning("unlisted", 1);
            assertThat(new String(kafka.consume("unlisted", 1, Duration.ofSeconds(60)).get(0).value(), StandardCharsets.UTF_8))
                    .startsWith("HELLO-");
        }
    }

    @Test
    void serviceLoadModeFindsOnlyPluginsWithManifests(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("plugin.discovery", "service_load").start()) {
            Rest.Response response = worker.rest().post("/connectors", Map.of("name", "unlisted", "config",
                    Map.of("connector.class", "UnlistedSource", "topic", "x")));
            assertThat(response.status()).isEqualTo(400);
            assertThat(worker.rest().get("/connector-plugins").body()).contains("FileStreamSourceConnector");
        }
    }
}
