package io.ferry.it;

import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.CdcConnectors;
import io.ferry.testsupport.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static io.ferry.testsupport.Databases.execute;
import static io.ferry.testsupport.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;
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
        mariadb = Databases.mariaDb();
        postgres = Databases.postgres();
        execute(mariadb, "CREATE DATABASE " + id);
        execute(mariadb, "CREATE TABLE " + id + ".customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (mariadb != null) {
            execute(mariadb, "DROP DATABASE IF EXISTS " + id);
            mariadb.close();
        }
        if (postgres != null) {
            execute(postgres, "DROP TABLE IF EXISTS " + id);
            postgres.close();
        }
    }

    @Test
    void tenThousandRowsChangedUpstreamEndUpIdenticalDownstream(@TempDir Path plugins, @TempDir Path state) throws Exception {
        for (String plugin : new String[]{"io.debezium:debezium-connector-mariadb:3.5.0.Final",
                "io.debezium:debezium-connector-jdbc:3.6.0.Final"}) {
            FerryCommand.Result install = FerryCommand.run("plugin", "install", plugin, "--plugin-path", plugins.toString());
            assertThat(install.exit()).as(install.err()).isZero();
        }
        execute(mariadb, "INSERT INTO " + id + ".customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");

        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString())
                .with("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .with("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .start()) {
            Map<String, String> source = CdcConnectors.mariaDbSource(id, SharedKafka.get().bootstrapServers(),
                    6400 + (int) (System.nanoTime() % 1000));
            var created = worker.rest().post("/connectors", Map.of("name", id + "-source", "config", source));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            Map<String, String> sink = CdcConnectors.jdbcSinkToPostgres(id + "." + id + ".customers", id);
            created = worker.rest().post("/connectors", Map.of("name", id + "-sink", "config", sink));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            // The snapshot, then single changes: an upsert of an existing row and a delete.
            awaitIdentical(Duration.ofSeconds(120));
            execute(mariadb, "UPDATE " + id + ".customers SET name = 'Grace Hopper' WHERE id = 2");
            execute(mariadb, "DELETE FROM " + id + ".customers WHERE id = 3");
            execute(mariadb, "INSERT INTO " + id + ".customers VALUES (4, 'Barbara')");
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
            execute(mariadb, "UPDATE " + id + ".customers SET name = CONCAT(name, '-updated') WHERE id >= 1000 AND id % 3 = 0");
            execute(mariadb, "DELETE FROM " + id + ".customers WHERE id >= 1000 AND id % 5 = 0");
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
