package io.ferry.clusterit;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ferry.clusterit.ClusterTests.awaitState;
import static io.ferry.clusterit.ClusterTests.create;
import static io.ferry.clusterit.ClusterTests.installPlugins;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MirrorMaker 2's source connector in a two-worker Ferry cluster on the target cluster; the worker running a mirror
 * task is killed ({@code kill -9}) while records are being mirrored, and every record still arrives.
 */
class DistributedMirrorIT {

    @Test
    void mirroringGoesOnWithoutLossWhenAWorkerIsKilled(@TempDir Path plugins, @TempDir Path dir) throws Exception {
        installPlugins(plugins, "org.apache.kafka:connect-mirror:4.3.1");

        List<WorkerProcess> workers = new ArrayList<>();
        try (EmbeddedKafkaCluster source = EmbeddedKafkaCluster.builder().build();
             EmbeddedKafkaCluster target = EmbeddedKafkaCluster.builder().build()) {
            source.start();
            target.start();
            source.createTopic("orders", 4, (short) 1);
            produce(source, 0, 2000);

            Map<String, String> settings = ClusterTests.workerSettings(target.bootstrapServers(), "mirror");
            settings.put("plugin.path", plugins.toString());
            settings.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            settings.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
            for (int i = 1; i <= 2; i++) {
                workers.add(WorkerProcess.start(WorkerProcess.Kind.FERRY, "mirror-" + i, settings, dir));
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
            config.put("tasks.max", "2");
            config.put("source.cluster.alias", "east");
            config.put("target.cluster.alias", "west");
            config.put("source.cluster.bootstrap.servers", source.bootstrapServers());
            config.put("target.cluster.bootstrap.servers", target.bootstrapServers());
            config.put("topics", "orders");
            config.put("sync.topic.acls.enabled", "false");
            config.put("replication.factor", "1");
            config.put("offset-syncs.topic.replication.factor", "1");
            create(workers.get(0).rest(), "mirror", config);
            awaitState(workers.get(0).rest(), List.of("mirror"), 2, "RUNNING", id -> true, Duration.ofSeconds(120));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> target.readAll("east.orders").size() >= 2000);

            String owner = workers.get(0).rest().getJson("/connectors/mirror/status").path("tasks").path(0).path("worker_id").asText();
            WorkerProcess victim = workers.stream().filter(w -> w.workerId().equals(owner)).findFirst().orElseThrow();
            produce(source, 2000, 3000);
            long killedAt = System.nanoTime();
            victim.kill();
            produce(source, 3000, 4000);
            WorkerProcess survivor = workers.stream().filter(WorkerProcess::alive).findFirst().orElseThrow();
            awaitState(survivor.rest(), List.of("mirror"), 2, "RUNNING", id -> !id.equals(owner), Duration.ofSeconds(120));
            System.out.printf("Mirroring in a cluster: tasks RUNNING again %d ms after kill -9 of %s%n",
                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), victim.name);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> mirrored(target).size() >= 4000);
            Set<String> values = mirrored(target);
            assertThat(values).hasSize(4000).contains("order-0", "order-2500", "order-3999");
            System.out.printf("Mirroring in a cluster: all 4000 records arrived (%d copies in all)%n",
                    target.readAll("east.orders").size());
        } finally {
            for (WorkerProcess w : workers) {
                w.close();
            }
        }
    }

    private static void produce(EmbeddedKafkaCluster cluster, int from, int to) {
        Map<String, Object> props = Map.of("bootstrap.servers", cluster.bootstrapServers(), "acks", "all",
                "key.serializer", StringSerializer.class.getName(), "value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = from; i < to; i++) {
                producer.send(new ProducerRecord<>("orders", "key-" + i, "order-" + i));
            }
            producer.flush();
        }
    }

    private static Set<String> mirrored(EmbeddedKafkaCluster target) {
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : target.readAll("east.orders")) {
            values.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return values;
    }
}
