package io.ferry.it.support;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;

/**
 * One single-broker Kafka cluster shared by the test classes of a run, started on first use and stopped when the
 * test JVM exits. Tests keep to their own topics and connector names.
 */
public final class SharedKafka {

    private static EmbeddedKafkaCluster cluster;

    private SharedKafka() {
    }

    public static synchronized EmbeddedKafkaCluster get() {
        if (cluster == null) {
            EmbeddedKafkaCluster started = EmbeddedKafkaCluster.builder().brokers(1).build();
            started.start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-kafka-shutdown"));
            cluster = started;
        }
        return cluster;
    }
}
