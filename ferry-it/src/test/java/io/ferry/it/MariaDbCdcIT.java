package io.ferry.it;

import io.ferry.it.support.ChangeEvents;
import io.ferry.it.support.ChangeEvents.Change;
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
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static io.ferry.testsupport.Databases.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change data capture from the machine's MariaDB (binary log in ROW format) with Debezium's MariaDB connector,
 * installed with {@code ferry plugin install}: snapshot, live changes in order, the schema history topic, and a
 * restart that resumes from the committed binlog position with nothing lost.
 */
class MariaDbCdcIT {

    private final String id = "ferry" + Long.toString(System.nanoTime(), 36);
    private final String topic = id + "." + id + ".customers";
    private Connection db;

    @BeforeEach
    void connect() throws SQLException {
        db = Databases.mariaDb();
        try (var rs = db.createStatement().executeQuery("SELECT @@log_bin, @@binlog_format")) {
            rs.next();
            assertThat(rs.getInt(1) + " " + rs.getString(2)).as("MariaDB's binary log; .ci/services.sh turns it on")
                    .isEqualTo("1 ROW");
        }
        execute(db, "CREATE DATABASE " + id);
        execute(db, "CREATE TABLE " + id + ".customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (db != null) {
            execute(db, "DROP DATABASE IF EXISTS " + id);
            db.close();
        }
    }

    @Test
    void streamsTheSnapshotAndLiveChangesAndResumesFromTheBinlogAfterARestart(@TempDir Path plugins, @TempDir Path state)
            throws Exception {
        FerryCommand.Result install = FerryCommand.run("plugin", "install", "io.debezium:debezium-connector-mariadb:3.5.0.Final",
                "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        execute(db, "INSERT INTO " + id + ".customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");

        Map<String, String> connector = CdcConnectors.mariaDbSource(id, SharedKafka.get().bootstrapServers(),
                5400 + (int) (System.nanoTime() % 1000));

        try (StandaloneWorker worker = ChangeEvents.jsonWorker(plugins, state)) {
            var created = worker.rest().post("/connectors", Map.of("name", id, "config", connector));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ChangeEvents.awaitCount(topic, 3);
            assertThat(ChangeEvents.in(topic)).containsExactly(new Change("r", 1, "Ada"), new Change("r", 2, "Grace"),
                    new Change("r", 3, "Edsger"));

            execute(db, "INSERT INTO " + id + ".customers VALUES (4, 'Barbara')");
            execute(db, "UPDATE " + id + ".customers SET name = 'Grace Hopper' WHERE id = 2");
            execute(db, "DELETE FROM " + id + ".customers WHERE id = 3");
            ChangeEvents.awaitCount(topic, 6);
            assertThat(ChangeEvents.in(topic).subList(3, 6)).containsExactly(new Change("c", 4, "Barbara"),
                    new Change("u", 2, "Grace Hopper"), new Change("d", 3, "Edsger"));
        }
        assertThat(SharedKafka.get().readAll(id + ".schema-history")).as("schema history records").isNotEmpty();

        execute(db, "INSERT INTO " + id + ".customers VALUES (5, 'Donald')");
        execute(db, "UPDATE " + id + ".customers SET name = 'Barbara Liskov' WHERE id = 4");
        try (StandaloneWorker worker = ChangeEvents.jsonWorker(plugins, state)) {
            ChangeEvents.awaitCount(topic, 8);
            List<Change> all = ChangeEvents.in(topic);
            assertThat(all.subList(all.size() - 2, all.size())).containsExactly(new Change("c", 5, "Donald"),
                    new Change("u", 4, "Barbara Liskov"));
            assertThat(all).as("no snapshot again and no event lost after the restart").hasSize(8);
            assertThat(worker.rest().delete("/connectors/" + id).status()).isEqualTo(204);
        }
    }
}
