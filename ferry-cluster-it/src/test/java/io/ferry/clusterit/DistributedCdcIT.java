package io.ferry.clusterit;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.CdcConnectors;
import io.ferry.testsupport.Databases;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.installPlugins;
import static io.ferry.clusterit.CustomerChanges.FIRST_INSERTED_ID;
import static io.ferry.clusterit.CustomerChanges.expectedIds;
import static io.ferry.testsupport.Databases.execute;
import static io.ferry.testsupport.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change data capture in a two-worker cluster, with the worker running the source task killed ({@code kill -9})
 * while rows are being written: Debezium's MariaDB source alone, and the MariaDB → JDBC sink → PostgreSQL pipeline.
 * The plugins are installed with {@code bin/ferry plugin install}.
 */
class DistributedCdcIT {

    private static EmbeddedKafkaCluster kafka;
    private static Path plugins;
    private final List<WorkerProcess> workers = new ArrayList<>();
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
        installPlugins(plugins, "io.debezium:debezium-connector-mariadb:3.5.0.Final",
                "io.debezium:debezium-connector-jdbc:3.6.0.Final");
    }

    @AfterAll
    static void tearDown() {
        kafka.close();
    }

    @BeforeEach
    void databases() throws SQLException {
        mariadb = Databases.mariaDb();
        postgres = Databases.postgres();
        CustomerChanges.createTable(mariadb, id);
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (WorkerProcess w : workers) {
            w.close();
        }
        if (mariadb != null) {
            execute(mariadb, "DROP DATABASE IF EXISTS " + id);
            mariadb.close();
        }
        if (postgres != null) {
            execute(postgres, "DROP TABLE IF EXISTS " + id);
            postgres.close();
        }
    }

    private void startWorkers(boolean schemas) throws Exception {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), id);
        settings.put("plugin.path", plugins.toString());
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", String.valueOf(schemas));
        settings.put("value.converter.schemas.enable", String.valueOf(schemas));
        for (int i = 1; i <= 2; i++) {
            workers.add(WorkerProcess.start(WorkerProcess.Kind.FERRY, id + "-" + i, settings, dir));
        }
    }

    private Map<String, String> source() {
        return CustomerChanges.source(id, kafka.bootstrapServers());
    }

    /** Inserts rows 1000.. in batches, killing the worker that runs the source task halfway. */
    private WorkerProcess insertAndKillMidStream(int rows) throws Exception {
        Rest rest = workers.get(0).rest();
        WorkerProcess victim = null;
        try (PreparedStatement insert = mariadb.prepareStatement("INSERT INTO " + id + ".customers VALUES (?, ?)")) {
            for (int i = FIRST_INSERTED_ID; i < FIRST_INSERTED_ID + rows; i++) {
                insert.setInt(1, i);
                insert.setString(2, "customer-" + i);
                insert.addBatch();
                if (i % 100 == 99) {
                    insert.executeBatch();
                }
                if (i == FIRST_INSERTED_ID + rows / 2) {
                    String owner = rest.getJson("/connectors/" + id + "-source/status").path("tasks").path(0).path("worker_id").asText();
                    victim = workers.stream().filter(w -> w.workerId().equals(owner)).findFirst().orElseThrow();
                    victim.kill();
                    long killedAt = System.nanoTime();
                    WorkerProcess survivor = workers.stream().filter(WorkerProcess::alive).findFirst().orElseThrow();
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
        String topic = CustomerChanges.topic(id);
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
        Map<String, String> sink = CdcConnectors.jdbcSinkToPostgres(CustomerChanges.topic(id), id);
        create(workers.get(1).rest(), id + "-sink", sink);
        awaitIdentical(Duration.ofSeconds(120));

        insertAndKillMidStream(4000);
        execute(mariadb, "UPDATE " + id + ".customers SET name = CONCAT(name, '-updated') WHERE id % 3 = 0");
        execute(mariadb, "DELETE FROM " + id + ".customers WHERE id % 5 = 0");
        awaitIdentical(Duration.ofSeconds(240));
        assertThat(rows(postgres, id)).hasSize(rows(mariadb, id + ".customers").size())
                .containsEntry(1001, "customer-1001").containsEntry(1002, "customer-1002-updated").doesNotContainKey(1005);
    }

    /** Row id to how many snapshot or insert events the topic holds for it. */
    private static Map<Integer, Integer> created(String topic) throws Exception {
        return CustomerChanges.created(kafka.readAll(topic));
    }

    private void awaitIdentical(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofSeconds(1))
                .until(() -> rows(postgres, id).equals(rows(mariadb, id + ".customers")));
    }
}
