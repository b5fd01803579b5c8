package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import io.ferry.testsupport.WorkerProcess.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.retryingConflicts;
import static io.ferry.clusterit.ClusterTests.sampleSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cluster moves from Apache Kafka Connect to Ferry and back on the same group and internal topics: configs, target
 * states, statuses and source offsets written by one runtime are read by the other, and the source resumes where
 * it stopped. Once with the workers stopped in order, and once with exactly-once sources on (KIP-618) and every
 * worker killed ({@code kill -9}) at each move: a read_committed reader still sees every record once.
 */
class MigrationIT {

    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path dir;

    private final List<WorkerProcess> started = new ArrayList<>();

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        for (String prefix : List.of("migrate", "eos-migrate")) {
            kafka.createTopic(prefix + "-topic", 2, (short) 1);
            kafka.createTopic(prefix + "-paused-topic", 1, (short) 1);
        }
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (WorkerProcess w : started) {
            w.close();
        }
    }

    /** The group, its topics and its connectors are named after this; "eos-" ones run exactly once. */
    private String prefix;

    private WorkerProcess start(Kind kind, String name) throws Exception {
        WorkerProcess worker = WorkerProcess.start(kind, name, settings(), dir);
        started.add(worker);
        return worker;
    }

    private Map<String, String> settings() {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), prefix);
        // Apache Kafka Connect has no default topic names: name them for both runtimes.
        settings.put("config.storage.topic", prefix + "-configs");
        settings.put("offset.storage.topic", prefix + "-offsets");
        settings.put("status.storage.topic", prefix + "-status");
        if (exactlyOnce()) {
            settings.put("exactly.once.source.support", "enabled");
        }
        return settings;
    }

    private boolean exactlyOnce() {
        return prefix.startsWith("eos-");
    }

    /** How the workers of one runtime leave: stopped in order, or, with exactly-once on, killed. */
    private void leave(WorkerProcess... workers) throws InterruptedException {
        for (WorkerProcess worker : workers) {
            if (exactlyOnce()) {
                worker.kill();
            } else {
                worker.close();
            }
        }
    }

    @Test
    void apacheToFerryAndBackKeepsConfigsTargetStatesStatusesAndOffsets() throws Exception {
        prefix = "migrate";
        migrateAndBack();
    }

    @Test
    void withExactlyOnceSourcesKilledWorkersOfEitherRuntimeLeaveNoRecordLostOrDoubled() throws Exception {
        prefix = "eos-migrate";
        migrateAndBack();
    }

    private void migrateAndBack() throws Exception {
        String source = prefix + "-source";
        String paused = prefix + "-paused";
        Map<String, String> sourceConfig = sampleSource(prefix + "-topic", 2, 100);

        // Apache Kafka Connect runs the cluster first.
        WorkerProcess apache1 = start(Kind.APACHE, "apache-1");
        WorkerProcess apache2 = start(Kind.APACHE, "apache-2");
        create(apache1.rest(), source, sourceConfig);
        create(apache1.rest(), paused, sampleSource(prefix + "-paused-topic", 1, 5));
        awaitState(apache2.rest(), List.of(source), 2, "RUNNING", id -> true, Duration.ofSeconds(90));
        // Paused only once running: Apache Kafka Connect may never start, or give tasks to, a connector paused while starting.
        awaitState(apache2.rest(), List.of(paused), 1, "RUNNING", id -> true, Duration.ofSeconds(90));
        assertThat(retryingConflicts(apache1.rest(), "PUT", "/connectors/" + paused + "/pause")).isEqualTo(202);
        awaitState(apache2.rest(), List.of(paused), 1, "PAUSED", id -> true, Duration.ofSeconds(90));
        awaitProgress(0);
        JsonNode apacheConfig = apache1.rest().getJson("/connectors/" + source + "/config");
        leave(apache1, apache2);
        long[] lastByApache = highest();

        // Ferry takes over the same group and topics.
        WorkerProcess ferry1 = start(Kind.FERRY, "ferry-1");
        WorkerProcess ferry2 = start(Kind.FERRY, "ferry-2");
        List<String> ferryIds = List.of(ferry1.workerId(), ferry2.workerId());
        awaitState(ferry2.rest(), List.of(source), 2, "RUNNING", ferryIds::contains, Duration.ofSeconds(90));
        awaitState(ferry2.rest(), List.of(paused), 1, "PAUSED", ferryIds::contains, Duration.ofSeconds(90));
        assertThat(ferry1.rest().getJson("/connectors/" + source + "/config")).isEqualTo(apacheConfig);
        awaitProgress(lastByApache[0] + 200);
        assertResumedWithoutLossOrRepeat("Apache Kafka Connect to Ferry", lastByApache);
        leave(ferry1, ferry2);
        long[] lastByFerry = highest();

        // And back: Apache Kafka Connect reads what Ferry wrote.
        try (WorkerProcess apache3 = start(Kind.APACHE, "apache-3")) {
            awaitState(apache3.rest(), List.of(source), 2, "RUNNING", apache3.workerId()::equals, Duration.ofSeconds(90));
            awaitState(apache3.rest(), List.of(paused), 1, "PAUSED", apache3.workerId()::equals, Duration.ofSeconds(90));
            assertThat(apache3.rest().getJson("/connectors/" + source + "/config")).isEqualTo(apacheConfig);
            awaitProgress(lastByFerry[0] + 200);
            assertResumedWithoutLossOrRepeat("Ferry to Apache Kafka Connect", lastByFerry);
        }
    }

    private void awaitProgress(long beyond) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            long[] h = highest();
            return h[0] > beyond + 100 && h[1] > beyond + 100;
        });
    }

    private long[] highest() throws Exception {
        TopicRecords records = records();
        return new long[]{records.highest(0), records.highest(1)};
    }

    /** What a consumer sees; with exactly-once sources, one that reads committed transactions only. */
    private TopicRecords records() throws Exception {
        return exactlyOnce() ? TopicRecords.readCommitted(kafka, prefix + "-topic")
                : TopicRecords.read(kafka, prefix + "-topic");
    }

    /** Every number from 1 is in the topic exactly once: the new runtime went on from the committed offsets. */
    private void assertResumedWithoutLossOrRepeat(String move, long[] lastBefore) throws Exception {
        TopicRecords records = records();
        for (int task = 0; task < 2; task++) {
            assertThat(records.highest(task)).isGreaterThan(lastBefore[task]);
            assertThat(records.missing(task)).as("numbers of task %d never written", task).isEmpty();
            assertThat(records.timesSeen(task, 1)).as("task %d started over from 1", task).isEqualTo(1);
            assertThat(records.duplicates(task)).as("numbers of task %d written twice", task).isZero();
        }
        System.out.printf("%s%s: both tasks resumed after sequence numbers %d and %d, none lost or repeated%n",
                move, exactlyOnce() ? " (exactly once, workers killed)" : "", lastBefore[0], lastBefore[1]);
    }
}
