package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testkit.EmbeddedKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Change data capture in a two-worker cluster, with the worker running the source task killed ({@code kill -9})
 * while rows are being written: Debezium's MariaDB source alone, and the MariaDB → JDBC sink → PostgreSQL pipeline.
 * The plugins are installed with {@code bin/ferry plugin install}.
 */
class DistributedCdcIT {

    private static EmbeddedKafkaCluster kafka;
    private static Path plugins;
    private final List<ClusterWorker> workers = new ArrayList<>();
    private final String id = "ferry" + Long.toString(System.nanoTime(), 36);
    private Connection mariadb;
    private Connection postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp(@TempDir Path pluginDir) throws Exception {
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        plugins = pluginDir;
        Path ferry = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize().resolve("bin/ferry");
        for (String plugin : new String[]{"io.debezium:debezium-connector-mariadb:3.5.0.Final",
                "io.debezium:debezium-connector-jdbc:3.6.0.Final"}) {
            Process install = new ProcessBuilder(ferry.toString(), "plugin", "install", plugin, "--plugin-path", plugins.toString())
                    .redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes());
            assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(install.exitValue()).as(output).isZero();
        }
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @BeforeEach
    void databases() throws SQLException {
        try {
            mariadb = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
            postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        } catch (SQLException e) {
            assumeThat((Object) e).as("MariaDB and PostgreSQL (started by .ci/services.sh)").isNull();
        }
        run(mariadb, "CREATE DATABASE " + id);
        run(mariadb, "CREATE TABLE " + id + ".customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
        run(mariadb, "INSERT INTO " + id + ".customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (ClusterWorker w : workers) {
            w.close();
        }
        if (mariadb != null) {
            run(mariadb, "DROP DATABASE IF EXISTS " + id);
            mariadb.close();
        }
        if (postgres != null) {
            run(postgres, "DROP TABLE IF EXISTS " + id);
            postgres.close();
        }
    }

    private static void run(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private void startWorkers(boolean schemas) throws Exception {
        Map<String, String> settings = ClusterWorker.settings(kafka.bootstrapServers(), id);
        settings.put("plugin.path", plugins.toString());
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", String.valueOf(schemas));
        settings.put("value.converter.schemas.enable", String.valueOf(schemas));
        for (int i = 1; i <= 2; i++) {
            workers.add(ClusterWorker.start(ClusterWorker.Kind.FERRY, id + "-" + i, settings, dir));
        }
    }

    private Map<String, String> source() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        source.put("database.hostname", "127.0.0.1");
        source.put("database.port", "3306");
        source.put("database.user", "root");
        source.put("database.password", "");
        source.put("database.server.id", String.valueOf(7400 + (int) (System.nanoTime() % 1000)));
        source.put("database.include.list", id);
        source.put("topic.prefix", id);
        source.put("schema.history.internal.kafka.bootstrap.servers", kafka.bootstrapServers());
        source.put("schema.history.internal.kafka.topic", id + ".schema-history");
        return source;
    }

    /** Inserts rows 1000.. in batches, killing the worker that runs the source task halfway. */
    private ClusterWorker insertAndKillMidStream(int rows) throws Exception {
        Rest rest = workers.get(0).rest();
        ClusterWorker victim = null;
        try (PreparedStatement insert = mariadb.prepareStatement("INSERT INTO " + id + ".customers VALUES (?, ?)")) {
            for (int i = 1000; i < 1000 + rows; i++) {
                insert.setInt(1, i);
                insert.setString(2, "customer-" + i);
                insert.addBatch();
                if (i % 100 == 99) {
                    insert.executeBatch();
                }
                if (i == 1000 + rows / 2) {
                    String owner = rest.get("/connectors/" + id + "-source/status").path("tasks").path(0).path("worker_id").asText();
                    victim = workers.stream().filter(w -> w.workerId().equals(owner)).findFirst().orElseThrow();
                    victim.kill();
                    long killedAt = System.nanoTime();
                    ClusterWorker survivor = workers.stream().filter(ClusterWorker::alive).findFirst().orElseThrow();
                    awaitState(survivor.rest(), List.of(id + "-source"), 1, "RUNNING", w -> !w.equals(owner), Duration.ofSeconds(120));
                    System.out.printf("CDC in a cluster: the source task ran again %d ms after kill -9 of %s%n",
                            Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), victim.name);
                }
            }
            insert.executeBatch();
        }
        return victim;
    }

    @Test
    void theSourceLosesNoChangeWhenItsWorkerIsKilledMidStream() throws Exception {
        startWorkers(false);
        create(workers.get(0).rest(), id + "-source", source());
        String topic = id + "." + id + ".customers";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> created(topic).size() >= 3);

        insertAndKillMidStream(2000);

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> created(topic).keySet().containsAll(expectedIds(2000)));
        Map<Integer, Integer> seen = created(topic);
        long duplicates = seen.values().stream().mapToLong(c -> c - 1).sum();
        System.out.printf("CDC in a cluster: all %d rows arrived; %d change event(s) were delivered twice after the kill%n",
                seen.size(), duplicates);
        assertThat(seen.keySet()).containsAll(expectedIds(2000));
    }

    @Test
    void thePipelineEndsIdenticalWhenTheSourceWorkerIsKilledMidStream() throws Exception {
        startWorkers(true);
        create(workers.get(0).rest(), id + "-source", source());
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        sink.put("topics", id + "." + id + ".customers");
        sink.put("connection.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
        sink.put("connection.username", "postgres");
        sink.put("connection.password", "");
        sink.put("insert.mode", "upsert");
        sink.put("primary.key.mode", "record_key");
        sink.put("delete.enabled", "true");
        sink.put("schema.evolution", "basic");
        sink.put("collection.name.format", id);
        create(workers.get(1).rest(), id + "-sink", sink);
        awaitIdentical(Duration.ofSeconds(120));

        insertAndKillMidStream(4000);
        run(mariadb, "UPDATE " + id + ".customers SET name = CONCAT(name, '-updated') WHERE id % 3 = 0");
        run(mariadb, "DELETE FROM " + id + ".customers WHERE id % 5 = 0");
        awaitIdentical(Duration.ofSeconds(240));
        assertThat(rows(postgres, id)).hasSize(rows(mariadb, id + ".customers").size())
                .containsEntry(1001, "customer-1001").containsEntry(1002, "customer-1002-updated").doesNotContainKey(1005);
    }

    private static List<Integer> expectedIds(int rows) {
        List<Integer> ids = new ArrayList<>(List.of(1, 2, 3));
        for (int i = 1000; i < 1000 + rows; i++) {
            ids.add(i);
        }
        return ids;
    }

    /** Row id to how many snapshot or insert events the topic holds for it. */
    private static Map<Integer, Integer> created(String topic) throws Exception {
        Map<Integer, Integer> result = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readAll(topic)) {
            if (r.value() == null) {
                continue;
            }
            JsonNode event = Rest.JSON.readTree(r.value());
            String op = event.path("op").asText();
            if (op.equals("r") || op.equals("c")) {
                result.merge(event.path("after").path("id").asInt(), 1, Integer::sum);
            }
        }
        return result;
    }

    private static Map<Integer, String> rows(Connection db, String table) {
        Map<Integer, String> result = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM " + table)) {
            while (rs.next()) {
                result.put(rs.getInt(1), rs.getString(2));
            }
        } catch (SQLException e) {
            // The sink creates its table with the first records; until then there is nothing.
        }
        return result;
    }

    private void awaitIdentical(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> rows(postgres, id).equals(rows(mariadb, id + ".customers")));
    }
}
