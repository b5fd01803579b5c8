package io.ferry.clusterit;

import io.ferry.testsupport.Databases;
import io.ferry.testsupport.WorkerProcess;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.installPlugins;
import static io.ferry.clusterit.CustomerChanges.FIRST_INSERTED_ID;
import static io.ferry.clusterit.CustomerChanges.expectedIds;
import static io.ferry.testsupport.Databases.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Change data capture exactly once (KIP-618): Debezium's MariaDB source, created with
 * {@code exactly.once.support=required} in a cluster of three workers with {@code exactly.once.source.support=enabled},
 * while rows are inserted at a steady pace; once some of their change events are committed, the worker running the
 * source task is killed ({@code kill -9}). The task resumes on a survivor from the binlog position committed in the
 * same transaction as the events before it, so a {@code read_committed} consumer of the table's topic sees every
 * row's snapshot or insert event exactly once. Debezium needs no more than {@code exactly.once.support=required}: its
 * connectors declare exactly-once support and want {@code transaction.boundary=poll}, the default.
 * <p>
 * What makes this able to fail: a killed worker's task that only flushed offsets now and then resumes from an earlier
 * position and sends again what it had sent since — {@link DistributedCdcIT}, the same kill at least once, reports
 * those duplicates. Here a single repeated event, or a missing one, fails the test. Only the data topic is checked:
 * Debezium writes its schema history with a producer of its own, outside the task's transactions.
 */
class ExactlyOnceCdcIT extends OnOneBroker {

    private static final int ROWS = 3000;
    private static final int BATCH = 50;

    private static Path plugins;
    private final String id = "eoscdc" + Long.toString(System.nanoTime(), 36);
    private final String connector = id + "-source";
    private Connection mariadb;

    @BeforeAll
    static void installDebezium(@TempDir Path pluginDir) throws Exception {
        plugins = pluginDir;
        installPlugins(plugins, "io.debezium:debezium-connector-mariadb:3.5.0.Final");
    }

    @BeforeEach
    void database() throws SQLException {
        mariadb = Databases.mariaDb();
        CustomerChanges.createTable(mariadb, id);
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        if (mariadb != null) {
            execute(mariadb, "DROP DATABASE IF EXISTS " + id);
            mariadb.close();
        }
    }

    @Test
    void everyChangeEventArrivesExactlyOnceWhenTheSourceWorkerIsKilledMidStream() throws Exception {
        startWorkers();
        Map<String, String> source = CustomerChanges.source(id, kafka.bootstrapServers());
        source.put("exactly.once.support", "required");
        create(workers.get(0).rest(), connector, source);
        String topic = CustomerChanges.topic(id);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> committedCreates(topic).size() >= CustomerChanges.SNAPSHOT_IDS.size());

        AtomicInteger inserted = new AtomicInteger();
        AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> insertSteadily(inserted, writeFailure), "insert-customers");
        long startedAt = System.nanoTime();
        writer.start();
        try {
            killTaskWorkerOnceCommitted(topic, ROWS / 4, inserted);
            writer.join(Duration.ofSeconds(120).toMillis());
        } finally {
            writer.interrupt();
        }
        assertThat(writeFailure.get()).as("inserting the rows").isNull();
        assertThat(inserted.get()).isEqualTo(ROWS);

        List<Integer> expected = expectedIds(ROWS);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> committedCreates(topic).keySet().containsAll(expected));
        Map<Integer, Integer> seen = committedCreates(topic);
        Map<Integer, Integer> repeated = seen.entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        System.out.printf("CDC exactly once: %d rows captured, %d of them more than once, %d s after the first insert%n",
                seen.size(), repeated.size(), Duration.ofNanos(System.nanoTime() - startedAt).toSeconds());
        assertThat(repeated).as("rows whose change event a read_committed consumer sees more than once").isEmpty();
        assertThat(seen.keySet()).as("the rows captured").containsExactlyInAnyOrderElementsOf(expected);
    }

    private void startWorkers() throws Exception {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), id);
        settings.put("plugin.path", plugins.toString());
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", "false");
        settings.put("exactly.once.source.support", "enabled");
        for (int i = 1; i <= 3; i++) {
            workers.add(WorkerProcess.start(WorkerProcess.Kind.FERRY, id + "-" + i, settings, dir));
        }
    }

    /**
     * Once a read_committed consumer sees {@code events} inserted rows, kills (-9) the worker running the source task,
     * while rows are still being inserted, and waits for the task to run on a survivor.
     */
    private void killTaskWorkerOnceCommitted(String topic, int events, AtomicInteger inserted) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> committedCreates(topic).keySet().stream().filter(k -> k >= FIRST_INSERTED_ID).count() >= events);
        String owner = workers.get(0).rest().getJson("/connectors/" + connector + "/status")
                .path("tasks").path(0).path("worker_id").asText();
        WorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(owner)).findFirst().orElseThrow();
        int insertedAtKill = inserted.get();
        victim.kill();
        long killedAt = System.nanoTime();
        assertThat(insertedAtKill).as("rows inserted when the task's worker was killed").isLessThan(ROWS);

        WorkerProcess survivor = workers.stream().filter(WorkerProcess::alive).findFirst().orElseThrow();
        awaitState(survivor.rest(), List.of(connector), 1, "RUNNING", w -> !w.equals(owner), Duration.ofSeconds(120));
        System.out.printf("CDC exactly once: killed %s, which ran %s-0, with %d of %d rows inserted; the task ran again "
                        + "on another worker %d ms later%n", victim.name, connector, insertedAtKill, ROWS,
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
    }

    /** Inserts the rows in batches at a steady pace, so that the source is still streaming when its worker dies. */
    private void insertSteadily(AtomicInteger inserted, AtomicReference<Throwable> failure) {
        try (PreparedStatement insert = mariadb.prepareStatement("INSERT INTO " + id + ".customers VALUES (?, ?)")) {
            for (int from = FIRST_INSERTED_ID; from < FIRST_INSERTED_ID + ROWS; from += BATCH) {
                for (int i = from; i < from + BATCH; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "customer-" + i);
                    insert.addBatch();
                }
                insert.executeBatch();
                inserted.addAndGet(BATCH);
                Thread.sleep(100); // the pace of the application writing the rows, not a synchronisation
            }
        } catch (SQLException | InterruptedException | RuntimeException e) {
            failure.set(e);
        }
    }

    /** Row id to how many snapshot or insert events a read_committed consumer sees for it now. */
    private static Map<Integer, Integer> committedCreates(String topic) throws Exception {
        return CustomerChanges.created(kafka.readCommitted(topic));
    }
}
