package io.ferry.clusterit;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the cluster tests share: one real broker for the test class, a directory per test, and the workers a test
 * started, stopped after it (killed ones are already gone).
 */
abstract class OnOneBroker {

    static EmbeddedKafkaCluster kafka;
    final List<WorkerProcess> workers = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @AfterEach
    void stopWorkers() throws InterruptedException {
        for (WorkerProcess w : workers) {
            w.close();
        }
    }
}
