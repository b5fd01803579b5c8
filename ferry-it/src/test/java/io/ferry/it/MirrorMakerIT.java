package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.StandaloneWorker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MirrorMaker 2's connectors ({@code org.apache.kafka:connect-mirror}, installed with {@code ferry plugin install})
 * replicate a topic from one embedded cluster to another through a Ferry worker.
 */
class MirrorMakerIT {

    @Test
    void mirrorSourceCheckpointAndHeartbeatConnectorsReplicateBetweenClusters(@TempDir Path plugins, @TempDir Path state) {
        FerryCommand.Result install = FerryCommand.run("plugin", "install", "org.apache.kafka:connect-mirror:4.3.1",
                "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        try (EmbeddedKafkaCluster source = EmbeddedKafkaCluster.builder().build();
             EmbeddedKafkaCluster target = EmbeddedKafkaCluster.builder().build()) {
            source.start();
            target.start();
            source.createTopic("orders", 2, (short) 1);
            for (int i = 0; i < 300; i++) {
                source.produce("orders", "key-" + i, "order-" + i);
            }
            try (StandaloneWorker worker = new StandaloneWorker(target.bootstrapServers(), state)
                    .with("plugin.path", plugins.toString())
                    .with("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                    .with("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                    .start()) {
                for (String connector : List.of("MirrorSourceConnector", "MirrorCheckpointConnector", "MirrorHeartbeatConnector")) {
                    Map<String, String> config = new LinkedHashMap<>();
                    config.put("connector.class", "org.apache.kafka.connect.mirror." + connector);
                    config.put("source.cluster.alias", "east");
                    config.put("target.cluster.alias", "west");
                    config.put("source.cluster.bootstrap.servers", source.bootstrapServers());
                    config.put("target.cluster.bootstrap.servers", target.bootstrapServers());
                    config.put("topics", "orders");
                    config.put("groups", ".*");
                    config.put("sync.topic.acls.enabled", "false");
                    config.put("replication.factor", "1");
                    config.put("offset-syncs.topic.replication.factor", "1");
                    config.put("checkpoints.topic.replication.factor", "1");
                    config.put("heartbeats.topic.replication.factor", "1");
                    config.put("emit.heartbeats.interval.seconds", "1");
                    var created = worker.rest().post("/connectors", Map.of("name", connector, "config", config));
                    assertThat(created.status()).as(created.body()).isEqualTo(201);
                }
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                        .until(() -> target.readAll("east.orders").size() >= 300);
                Set<String> values = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : target.readAll("east.orders")) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
                assertThat(values).hasSize(300).contains("order-0", "order-299");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                        .until(() -> !target.readAll("heartbeats").isEmpty());
                for (String connector : List.of("MirrorSourceConnector", "MirrorCheckpointConnector", "MirrorHeartbeatConnector")) {
                    assertThat(worker.rest().get("/connectors/" + connector + "/status").json().path("connector").path("state").asText())
                            .as(connector).isEqualTo("RUNNING");
                }
            }
        }
    }
}
