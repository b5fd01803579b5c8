package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.FerryCommand.Result;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ferry plugin install|list|remove} against Maven Central, URLs and local archives. */
class PluginInstallIT {

    private static Result ferry(String... args) {
        return FerryCommand.run(args);
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installsDebeziumsPublishedBundleFromMavenCoordinatesAndAWorkerLoadsIt(@TempDir Path plugins, @TempDir Path state)
            throws Exception {
        Result install = ferry("plugin", "install", "io.debezium:debezium-connector-postgres:3.7.0.Final",
                "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.out()).contains("io.debezium.connector.postgresql.PostgresConnector");
        assertThat(entries(plugins)).containsExactly("debezium-connector-postgres");
        assertThat(entries(plugins.resolve("debezium-connector-postgres")))
                .contains("debezium-connector-postgres-3.7.0.Final.jar", "debezium-api-3.7.0.Final.jar");

        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString()).start()) {
            JsonNode loaded = worker.rest().get("/connector-plugins").json();
            assertThat(loaded.findValuesAsText("class")).contains("io.debezium.connector.postgresql.PostgresConnector");
            Result list = ferry("plugin", "list", "--plugin-path", plugins.toString(), "-o", "json", "--url",
                    worker.rest().baseUrl());
            JsonNode listed = new ObjectMapper().readTree(list.out());
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).path("name").asText()).isEqualTo("debezium-connector-postgres");
            assertThat(listed.get(0).path("versions").toString()).contains("3.7.0.Final");
            assertThat(listed.get(0).path("loaded").asText()).isEqualTo("yes");
            assertThat(listed.get(0).path("source").asText()).isEqualTo("io.debezium:debezium-connector-postgres:3.7.0.Final");
        }

        Result again = ferry("plugin", "install", "io.debezium:debezium-connector-postgres:3.7.0.Final",
                "--plugin-path", plugins.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("A plugin is already installed in").contains("ferry plugin remove debezium-connector-postgres");

        Result remove = ferry("plugin", "remove", "debezium-connector-postgres", "--plugin-path", plugins.toString());
        assertThat(remove.exit()).as(remove.err()).isZero();
        assertThat(entries(plugins)).isEmpty();
        assertThat(ferry("plugin", "remove", "debezium-connector-postgres", "--plugin-path", plugins.toString()).err())
                .contains("No plugin named 'debezium-connector-postgres'");
    }

    @Test
    void twoVersionsOfAPluginSideBySideAreBothOfferedAndChosenByVersion(@TempDir Path plugins, @TempDir Path state)
            throws Exception {
        assertThat(ferry("plugin", "install", "io.debezium:debezium-connector-postgres:3.6.1.Final", "--name",
                "debezium-connector-postgres-3.6.1", "--plugin-path", plugins.toString()).exit()).isZero();
        assertThat(ferry("plugin", "install", "io.debezium:debezium-connector-postgres:3.7.0.Final",
                "--plugin-path", plugins.toString()).exit()).isZero();
        assertThat(entries(plugins)).containsExactly("debezium-connector-postgres", "debezium-connector-postgres-3.6.1");

        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString()).start()) {
            List<String> versions = new java.util.ArrayList<>();
            for (JsonNode p : worker.rest().get("/connector-plugins").json()) {
                if (p.path("class").asText().equals("io.debezium.connector.postgresql.PostgresConnector")) {
                    versions.add(p.path("version").asText());
                }
            }
            assertThat(versions).containsExactlyInAnyOrder("3.6.1.Final", "3.7.0.Final");

            Map<String, String> config = Map.of("connector.class", "PostgresConnector", "name", "pg",
                    "connector.plugin.version", "[3.6,3.7)", "topic.prefix", "pg", "database.hostname", "127.0.0.1",
                    "database.user", "postgres", "database.dbname", "postgres");
            JsonNode chosen = worker.rest().put("/connector-plugins/PostgresConnector/config/validate", config).json();
            assertThat(chosen.toString()).doesNotContain("not found that matches the version range");
            Map<String, String> missing = new java.util.HashMap<>(config);
            missing.put("connector.plugin.version", "9.9.9");
            JsonNode refused = worker.rest().put("/connector-plugins/PostgresConnector/config/validate", missing).json();
            assertThat(refused.toString()).contains("9.9.9").contains("3.6.1.Final").contains("3.7.0.Final");
        }
    }

    @Test
    void installsAJarWithItsDependenciesButNotWhatTheWorkerProvides(@TempDir Path plugins) throws Exception {
        Result install = ferry("plugin", "install", "org.apache.kafka:connect-mirror:4.3.1", "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.out()).contains("org.apache.kafka.connect.mirror.MirrorSourceConnector");
        List<String> jars = entries(plugins.resolve("connect-mirror"));
        // Apache's connect-runtime is not part of Ferry: MirrorMaker's connectors use it, so it comes along.
        assertThat(jars).contains("connect-mirror-4.3.1.jar", "connect-mirror-client-4.3.1.jar", "connect-runtime-4.3.1.jar");
        assertThat(jars).noneMatch(j -> j.startsWith("kafka-clients") || j.startsWith("connect-api")
                || j.startsWith("connect-json") || j.startsWith("connect-transforms") || j.startsWith("slf4j"));
    }

    @Test
    void refusesWhatIsNotAPluginOrCannotBeFoundAndLeavesNothingBehind(@TempDir Path plugins, @TempDir Path repo) throws Exception {
        Result notPlugin = ferry("plugin", "install", "junit:junit:4.13.2", "--plugin-path", plugins.toString());
        assertThat(notPlugin.exit()).isEqualTo(1);
        assertThat(notPlugin.err()).contains("junit:junit:4.13.2 is not a Kafka Connect plugin");

        Result unknown = ferry("plugin", "install", "io.ferry.nothing:no-such-plugin:1.0", "--plugin-path", plugins.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("io.ferry.nothing:no-such-plugin:1.0 was not found");

        // The user's Maven settings are followed: here a mirror nobody answers and an empty local repository.
        Path settings = repo.resolve("settings.xml");
        Files.writeString(settings, "<settings><localRepository>" + repo.resolve("local") + "</localRepository>"
                + "<mirrors><mirror><id>down</id><url>http://127.0.0.1:1/maven2</url><mirrorOf>*</mirrorOf></mirror></mirrors>"
                + "</settings>");
        Result offline = ferry("plugin", "install", "org.apache.kafka:connect-file:4.3.1", "--plugin-path", plugins.toString(),
                "--maven-settings", settings.toString());
        assertThat(offline.exit()).isEqualTo(1);
        assertThat(offline.err()).contains("Cannot reach [http://127.0.0.1:1/maven2]");

        Result noWhere = ferry("plugin", "install", "io.debezium:debezium-connector-postgres:3.7.0.Final");
        assertThat(noWhere.exit()).isEqualTo(1);
        assertThat(noWhere.err()).contains("Which plugin.path directory?");
        assertThat(entries(plugins)).isEmpty();
    }

    @Test
    void installsFromLocalArchivesAndFromUrlsCheckingPublishedChecksums(@TempDir Path plugins, @TempDir Path work)
            throws Exception {
        Path demo = StandaloneWorker.pluginPath().resolve("ferry-demo-plugin");
        Path archive = tarGz(demo, work.resolve("ferry-demo-plugin.tar.gz"));

        Result local = ferry("plugin", "install", archive.toString(), "--plugin-path", plugins.toString());
        assertThat(local.exit()).as(local.err()).isZero();
        assertThat(entries(plugins)).containsExactly("ferry-demo-plugin");
        assertThat(local.out()).contains("io.ferry.plugins.demo.SampleDataSourceConnector");
        assertThat(ferry("plugin", "remove", "ferry-demo-plugin", "--plugin-path", plugins.toString()).exit()).isZero();

        byte[] bytes = Files.readAllBytes(archive);
        String good = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        Map<String, byte[]> served = new java.util.concurrent.ConcurrentHashMap<>();
        served.put("/good/ferry-demo-plugin.tar.gz", bytes);
        served.put("/good/ferry-demo-plugin.tar.gz.sha256", (good + "  ferry-demo-plugin.tar.gz\n").getBytes(StandardCharsets.UTF_8));
        served.put("/bad/ferry-demo-plugin.tar.gz", bytes);
        served.put("/bad/ferry-demo-plugin.tar.gz.sha256", "0".repeat(64).getBytes(StandardCharsets.UTF_8));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Result bad = ferry("plugin", "install", base + "/bad/ferry-demo-plugin.tar.gz", "--plugin-path", plugins.toString());
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("sha256 checksum").contains("Nothing was installed");
            assertThat(entries(plugins)).isEmpty();

            Result good2 = ferry("plugin", "install", base + "/good/ferry-demo-plugin.tar.gz", "--plugin-path", plugins.toString());
            assertThat(good2.exit()).as(good2.err()).isZero();
            assertThat(entries(plugins)).containsExactly("ferry-demo-plugin");
        } finally {
            server.stop(0);
        }
    }

    /** A .tar.gz of a directory, with the directory as its single top-level entry, as projects publish bundles. */
    private static Path tarGz(Path dir, Path archive) throws Exception {
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.getParent().toString(),
                dir.getFileName().toString()).redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(output).isZero();
        return archive;
    }
}
