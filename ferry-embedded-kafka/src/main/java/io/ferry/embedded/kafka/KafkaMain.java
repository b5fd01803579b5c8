package io.ferry.embedded.kafka;

import java.nio.file.Path;

/** Runs a one-node Kafka cluster until the process is stopped: {@code KafkaMain DATA_DIR}. */
public final class KafkaMain {

    private KafkaMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: KafkaMain DATA_DIR");
            System.exit(2);
        }
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().dataDir(Path.of(args[0])).build();
        cluster.start();
        System.out.println("bootstrap.servers=" + cluster.bootstrapServers());
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        Thread.currentThread().join();
    }
}
