package io.ferry.clusterit;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.retryingConflicts;
import static io.ferry.clusterit.ClusterTests.sampleSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The only broker of the cluster restarts while sources stream: the workers survive and nothing is lost. */
class BrokerRestartIT {

    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        kafka.createTopic("restart-a", 2, (short) 1);
        kafka.createTopic("restart-b", 2, (short) 1);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void workersSurviveABrokerRestartUnderLoadAndLoseNothing() throws Exception {
        try (WorkerProcess one = WorkerProcess.start(WorkerProcess.Kind.FERRY, "restart-1",
                ClusterTests.workerSettings(kafka.bootstrapServers(), "restart"), dir);
             WorkerProcess two = WorkerProcess.start(WorkerProcess.Kind.FERRY, "restart-2",
                     ClusterTests.workerSettings(kafka.bootstrapServers(), "restart"), dir)) {
            List<String> sources = List.of("restart-a", "restart-b");
            for (String s : sources) {
                create(one.rest(), s, sampleSource(s, 2, 200));
            }
            awaitState(two.rest(), sources, 2, "RUNNING", id -> true, Duration.ofSeconds(90));
            long[] before = awaitProgress(sources, 200);

            long stoppedAt = System.nanoTime();
            kafka.stopBroker(0);
            // The outage lasts longer than the workers' session timeout, so the group must form again.
            Thread.sleep(8_000);
            kafka.startBroker(0);
            awaitProgress(sources, Math.max(before[0], before[1]) + 400);
            awaitState(two.rest(), sources, 2, "RUNNING", id -> true, Duration.ofSeconds(120));
            System.out.printf("Broker restart: records flowing and all tasks RUNNING again %d ms after the broker stopped%n",
                    Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());
            assertThat(one.alive()).isTrue();
            assertThat(two.alive()).isTrue();

            for (String s : sources) {
                assertThat(retryingConflicts(one.rest(), "PUT", "/connectors/" + s + "/pause")).isEqualTo(202);
            }
            awaitState(two.rest(), sources, 2, "PAUSED", id -> true, Duration.ofSeconds(60));
            long duplicates = 0;
            for (String s : sources) {
                TopicRecords records = TopicRecords.read(kafka, s);
                for (int task = 0; task < 2; task++) {
                    assertThat(records.missing(task)).as("numbers of %s task %d never written", s, task).isEmpty();
                    duplicates += records.duplicates(task);
                }
            }
            System.out.printf("Broker restart: no number lost; %d written twice (sent again after the outage)%n", duplicates);
        }
    }

    /** Waits until every task of every source has written past {@code seq}; returns the highest per source. */
    private static long[] awaitProgress(List<String> sources, long seq) {
        long[] highest = new long[sources.size()];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (int i = 0; i < sources.size(); i++) {
                TopicRecords records = TopicRecords.read(kafka, sources.get(i));
                if (records.highest(0) <= seq || records.highest(1) <= seq) {
                    return false;
                }
                highest[i] = Math.max(records.highest(0), records.highest(1));
            }
            return true;
        });
        return highest;
    }
}
