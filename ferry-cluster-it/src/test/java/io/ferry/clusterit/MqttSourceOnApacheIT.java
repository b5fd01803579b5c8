package io.ferry.clusterit;

import io.ferry.testsupport.FerryConnectors;
import io.ferry.testsupport.Mqtt;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import io.ferry.testsupport.WorkerProcess.Kind;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ferry's MQTT source, the plugin directory the build makes, unchanged on an Apache Kafka Connect 4.3.1 worker: the
 * connector keeps to the plugin API and nothing of Ferry's runtime.
 */
class MqttSourceOnApacheIT extends OnOneBroker {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private Set<String> values(String topic) {
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : kafka.readAll(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    @Test
    void everyMessageReachesKafkaThroughAnApacheWorkerAlsoWhilePublishedWhenStopped() throws Exception {
        String id = "apache-mqtt-" + Long.toString(System.nanoTime(), 36);
        try (Mqtt publisher = Mqtt.connect(id + "-publisher")) {
            Map<String, String> settings = ClusterTests.workerSettings(kafka.bootstrapServers(), id);
            settings.put("plugin.path", FerryConnectors.pluginPath().toString());
            settings.put("config.storage.topic", id + "-configs");
            settings.put("offset.storage.topic", id + "-offsets");
            settings.put("status.storage.topic", id + "-status");
            WorkerProcess apache = WorkerProcess.start(Kind.APACHE, "apache-mqtt", settings, dir);
            workers.add(apache);
            Rest rest = apache.rest();

            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "MqttSourceConnector");
            config.put("mqtt.server.uri", Mqtt.URI);
            config.put("mqtt.topics", id + "/#");
            config.put("mqtt.client.id", id);
            config.put("kafka.topic", id);
            config.put("record.value", "string");
            config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            ClusterTests.create(rest, id, config);
            ClusterTests.awaitState(rest, List.of(id), 1, "RUNNING", worker -> true, DEADLINE);

            for (int i = 0; i < 1_000; i++) {
                publisher.publish(id + "/line-" + (i % 4), "m-" + i);
            }
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 1_000);

            assertThat(ClusterTests.retryingConflicts(rest, "PUT", "/connectors/" + id + "/stop")).isEqualTo(204);
            ClusterTests.awaitState(rest, List.of(id), 0, "STOPPED", worker -> true, DEADLINE);
            for (int i = 1_000; i < 1_500; i++) {
                publisher.publish(id + "/line-" + (i % 4), "m-" + i);
            }
            assertThat(ClusterTests.retryingConflicts(rest, "PUT", "/connectors/" + id + "/resume")).isEqualTo(202);

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 1_500);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 1_500; i++) {
                expected.add("m-" + i);
            }
            assertThat(values(id)).isEqualTo(expected);
            assertThat(kafka.readAll(id)).allSatisfy(record -> assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .startsWith(id + "/line-"));
        } finally {
            Mqtt.endSession(id + "-0");
        }
    }
}
