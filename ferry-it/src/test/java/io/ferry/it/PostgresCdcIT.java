package io.ferry.it;

import io.ferry.it.support.ChangeEvents;
import io.ferry.it.support.ChangeEvents.Change;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Databases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ferry.testsupport.Databases.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Change data capture from the machine's PostgreSQL with Debezium's connector (pgoutput), installed with
 * {@code ferry plugin install}: the snapshot, then live inserts, updates and deletes in order, and after a restart of
 * the worker the changes made while it was down, none lost.
 */
class PostgresCdcIT {

    private final String id = "ferry" + Long.toString(System.nanoTime(), 36);
    private final String table = id + "_customers";
    private final String topic = id + ".public." + table;
    private Connection db;

    @BeforeEach
    void connect() throws SQLException {
        db = Databases.postgres();
        try (var rs = db.createStatement().executeQuery("show wal_level")) {
            rs.next();
            assertThat(rs.getString(1)).as("PostgreSQL's wal_level; .ci/services.sh sets it to logical").isEqualTo("logical");
        }
        execute(db, "CREATE TABLE " + table + " (id int PRIMARY KEY, name text NOT NULL)");
        // Deletes then carry the whole old row, not only its key.
        execute(db, "ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        if (db == null) {
            return;
        }
        execute(db, "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                + " WHERE slot_name = '" + id + "' AND NOT active");
        execute(db, "DROP PUBLICATION IF EXISTS " + id);
        execute(db, "DROP TABLE IF EXISTS " + table);
        db.close();
    }

    @Test
    void streamsTheSnapshotAndLiveChangesAndResumesAfterARestart(@TempDir Path plugins, @TempDir Path state) throws Exception {
        FerryCommand.Result install = FerryCommand.run("plugin", "install", "io.debezium:debezium-connector-postgres:3.7.0.Final",
                "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        execute(db, "INSERT INTO " + table + " VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");

        Map<String, String> connector = new LinkedHashMap<>();
        connector.put("name", id);
        connector.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        connector.put("database.hostname", "127.0.0.1");
        connector.put("database.port", "5432");
        connector.put("database.user", "postgres");
        connector.put("database.password", "");
        connector.put("database.dbname", "postgres");
        connector.put("plugin.name", "pgoutput");
        connector.put("slot.name", id);
        connector.put("publication.name", id);
        connector.put("publication.autocreate.mode", "filtered");
        connector.put("table.include.list", "public." + table);
        connector.put("topic.prefix", id);

        try (StandaloneWorker worker = ChangeEvents.jsonWorker(plugins, state)) {
            var created = worker.rest().post("/connectors", Map.of("name", id, "config", connector));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            ChangeEvents.awaitCount(topic, 3);
            assertThat(ChangeEvents.in(topic)).containsExactly(new Change("r", 1, "Ada"), new Change("r", 2, "Grace"),
                    new Change("r", 3, "Edsger"));

            execute(db, "INSERT INTO " + table + " VALUES (4, 'Barbara')");
            execute(db, "UPDATE " + table + " SET name = 'Grace Hopper' WHERE id = 2");
            execute(db, "DELETE FROM " + table + " WHERE id = 3");
            ChangeEvents.awaitCount(topic, 6);
            assertThat(ChangeEvents.in(topic).subList(3, 6)).containsExactly(new Change("c", 4, "Barbara"),
                    new Change("u", 2, "Grace Hopper"), new Change("d", 3, "Edsger"));
        }

        // While the worker is down the database keeps changing; the slot keeps those changes for it.
        execute(db, "INSERT INTO " + table + " VALUES (5, 'Donald')");
        execute(db, "UPDATE " + table + " SET name = 'Barbara Liskov' WHERE id = 4");
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
