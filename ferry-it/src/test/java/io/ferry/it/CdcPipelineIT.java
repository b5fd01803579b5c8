package io.ferry.it;

import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.junit.jupiter.api.AfterEach;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * MariaDB → Debezium MariaDB source → Kafka → Debezium JDBC sink → PostgreSQL, both plugins installed with
 * {@code ferry plugin install}, on the machine's databases: the downstream table follows the upstream one through
 * inserts, updates (upserts) and deletes.
 */
class CdcPipelineIT {

    private final String id = "ferry" + Long.toString(System.nanoTime(), 36);
    private Connection mariadb;
    private Connection postgres;

    @BeforeEach
    void connect() throws SQLException {
        try {
            mariadb = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/", "root", "");
            postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        } catch (SQLException e) {
            assumeThat((Object) e).as("MariaDB and PostgreSQL (started by .ci/services.sh)").isNull();
        }
        run(mariadb, "CREATE DATABASE " + id);
        run(mariadb, "CREATE TABLE " + id + ".customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
    }

    @AfterEach
    void cleanUp() throws SQLException {
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

    @Test
    void tenThousandRowsChangedUpstreamEndUpIdenticalDownstream(@TempDir Path plugins, @TempDir Path state) throws Exception {
        for (String plugin : new String[]{"io.debezium:debezium-connector-mariadb:3.5.0.Final",
                "io.debezium:debezium-connector-jdbc:3.6.0.Final"}) {
            FerryCommand.Result install = FerryCommand.run("plugin", "install", plugin, "--plugin-path", plugins.toString());
            assertThat(install.exit()).as(install.err()).isZero();
        }
        run(mariadb, "INSERT INTO " + id + ".customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");

        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString())
                .with("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .with("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .start()) {
            Map<String, String> source = new LinkedHashMap<>();
            source.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
            source.put("database.hostname", "127.0.0.1");
            source.put("database.port", "3306");
            source.put("database.user", "root");
            source.put("database.password", "");
            source.put("database.server.id", String.valueOf(6400 + (int) (System.nanoTime() % 1000)));
            source.put("database.include.list", id);
            source.put("topic.prefix", id);
            source.put("schema.history.internal.kafka.bootstrap.servers", SharedKafka.get().bootstrapServers());
            source.put("schema.history.internal.kafka.topic", id + ".schema-history");
            var created = worker.rest().post("/connectors", Map.of("name", id + "-source", "config", source));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

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
            created = worker.rest().post("/connectors", Map.of("name", id + "-sink", "config", sink));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            // The snapshot, then single changes: an upsert of an existing row and a delete.
            awaitIdentical(Duration.ofSeconds(120));
            run(mariadb, "UPDATE " + id + ".customers SET name = 'Grace Hopper' WHERE id = 2");
            run(mariadb, "DELETE FROM " + id + ".customers WHERE id = 3");
            run(mariadb, "INSERT INTO " + id + ".customers VALUES (4, 'Barbara')");
            awaitIdentical(Duration.ofSeconds(60));
            assertThat(rows(postgres, id)).containsExactly(Map.entry(1, "Ada"), Map.entry(2, "Grace Hopper"), Map.entry(4, "Barbara"));

            // Then ten thousand rows, a third of them updated and a fifth deleted.
            long started = System.nanoTime();
            try (PreparedStatement insert = mariadb.prepareStatement("INSERT INTO " + id + ".customers VALUES (?, ?)")) {
                for (int i = 1000; i < 11_000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "customer-" + i);
                    insert.addBatch();
                    if (i % 500 == 499) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            run(mariadb, "UPDATE " + id + ".customers SET name = CONCAT(name, '-updated') WHERE id >= 1000 AND id % 3 = 0");
            run(mariadb, "DELETE FROM " + id + ".customers WHERE id >= 1000 AND id % 5 = 0");
            awaitIdentical(Duration.ofSeconds(240));
            Map<Integer, String> downstream = rows(postgres, id);
            assertThat(downstream).hasSize(3 + 8_000);
            assertThat(downstream).containsEntry(1002, "customer-1002-updated").doesNotContainKey(1005);
            System.out.printf("CDC pipeline: 10,000 inserts, %d updates and 2,000 deletes replicated in %d ms%n",
                    3_334, Duration.ofNanos(System.nanoTime() - started).toMillis());
        }
    }

    private void awaitIdentical(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> rows(postgres, id).equals(rows(mariadb, id + ".customers")));
    }
}
