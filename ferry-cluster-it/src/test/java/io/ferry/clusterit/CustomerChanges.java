package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.CdcConnectors;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ferry.testsupport.Databases.execute;

/**
 * The MariaDB table the change data capture cluster tests capture, {@code <database>.customers} (id, name), and
 * what Debezium's MariaDB source writes about it to {@code <database>.<database>.customers}.
 */
final class CustomerChanges {

    /** The rows in the table before the source starts: they reach the topic as snapshot events. */
    static final List<Integer> SNAPSHOT_IDS = List.of(1, 2, 3);
    /** The id of the first row a test inserts while the source streams; the next ones follow it. */
    static final int FIRST_INSERTED_ID = 1000;

    private CustomerChanges() {
    }

    /** Creates the database {@code database} with its customers table and the snapshot rows. */
    static void createTable(Connection mariadb, String database) throws SQLException {
        execute(mariadb, "CREATE DATABASE " + database);
        execute(mariadb, "CREATE TABLE " + database + ".customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
        execute(mariadb, "INSERT INTO " + database + ".customers VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Edsger')");
    }

    /**
     * Debezium's MariaDB source capturing the database. Each call picks another binlog client server id: MariaDB
     * drops a replication connection when another one with the same id arrives, such as a source of another test.
     */
    static Map<String, String> source(String database, String bootstrapServers) {
        return CdcConnectors.mariaDbSource(database, bootstrapServers, 7400 + (int) (System.nanoTime() % 1000));
    }

    /** The topic Debezium's MariaDB source, configured by {@code CdcConnectors.mariaDbSource}, writes the table to. */
    static String topic(String database) {
        return database + "." + database + ".customers";
    }

    /** The snapshot rows' ids and those of {@code inserted} rows inserted from {@link #FIRST_INSERTED_ID} on. */
    static List<Integer> expectedIds(int inserted) {
        List<Integer> ids = new ArrayList<>(SNAPSHOT_IDS);
        for (int i = FIRST_INSERTED_ID; i < FIRST_INSERTED_ID + inserted; i++) {
            ids.add(i);
        }
        return ids;
    }

    /**
     * Row id to how many snapshot ({@code r}) or insert ({@code c}) events the records hold for it; the records are
     * change events as the JSON converter without schemas writes them.
     */
    static Map<Integer, Integer> created(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        Map<Integer, Integer> result = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue; // a tombstone after a delete
            }
            JsonNode event = Rest.JSON.readTree(r.value());
            String op = event.path("op").asText();
            if (op.equals("r") || op.equals("c")) {
                result.merge(event.path("after").path("id").asInt(), 1, Integer::sum);
            }
        }
        return result;
    }
}
