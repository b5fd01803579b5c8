package io.ferry.clusterit;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker with exactly-once source support on a cluster that cannot run transactions (one broker, and the brokers'
 * default transaction.state.log.replication.factor of 3) does not start: it exits at once saying why and what to do,
 * instead of tasks that wait for ever for a transaction coordinator.
 */
class BrokersWithoutTransactionsIT {

    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder()
                .brokerProperty("transaction.state.log.replication.factor", "3")
                .brokerProperty("transaction.state.log.min.isr", "2")
                .build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void aWorkerWithExactlyOnceSupportExitsNamingTheBrokerSettingAndBothWaysOut() throws Exception {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), "no-transactions");
        settings.put("exactly.once.source.support", "enabled");
        try (WorkerProcess worker = WorkerProcess.launch(WorkerProcess.Kind.FERRY, "no-transactions", settings, dir,
                WorkerProcess.options())) {
            OptionalInt exit = worker.awaitExit(Duration.ofSeconds(120));
            String output = Files.readString(worker.log);
            assertThat(exit).as("the worker exits by itself; its output:%n%s", output).isPresent();
            assertThat(exit.getAsInt()).isNotZero();
            assertThat(output).contains("exactly.once.source.support=enabled needs Kafka transactions, but this Kafka "
                    + "cluster cannot run them: its brokers have transaction.state.log.replication.factor=3 and "
                    + "transaction.state.log.min.isr=2, and the cluster has 1 broker")
                    .contains("or set exactly.once.source.support=disabled on the workers.");
        }
    }

    @Test
    void withoutExactlyOnceSupportTheSameClusterIsFine() throws Exception {
        Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), "at-least-once");
        try (WorkerProcess worker = WorkerProcess.start(WorkerProcess.Kind.FERRY, "at-least-once", settings, dir)) {
            assertThat(worker.rest().status("/connectors")).isEqualTo(200);
        }
    }
}
