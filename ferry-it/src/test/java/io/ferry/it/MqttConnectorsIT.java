package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.it.support.DocExamples;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.FerryConnectors;
import io.ferry.testsupport.Mqtt;
import io.ferry.testsupport.PrometheusText;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ferry's MQTT connectors against the machine's Mosquitto, with a real worker and broker. */
class MqttConnectorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    private static String uniqueId() {
        return "mqtt-" + Long.toString(System.nanoTime(), 36);
    }

    private static Set<String> values(String topic) {
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static void awaitTaskState(Rest rest, String connector, String state) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
            Rest.Response status = rest.get("/connectors/" + connector + "/status");
            JsonNode tasks = status.status() == 200 ? status.json().path("tasks") : null;
            return tasks != null && tasks.size() == 1 && state.equals(tasks.get(0).path("state").asText());
        });
    }

    @Test
    void everyQos1MessageReachesKafkaIncludingThosePublishedWhileTheTaskWasStopped(@TempDir Path plugins, @TempDir Path state)
            throws Exception {
        String id = uniqueId();
        try (Mqtt publisher = Mqtt.connect(id + "-publisher")) {
            FerryCommand.Result install = FerryCommand.run("plugin", "install",
                    FerryConnectors.pluginPath().resolve("ferry-mqtt-connector").toString(), "--plugin-path", plugins.toString());
            assertThat(install.exit()).as(install.err()).isZero();
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "io.ferry.connectors.mqtt.MqttSourceConnector");
            config.put("mqtt.server.uri", Mqtt.URI);
            config.put("mqtt.topics", id + "/#");
            config.put("mqtt.qos", "1");
            config.put("mqtt.client.id", id);
            config.put("kafka.topic", id);
            config.put("record.value", "string");
            try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                    .with("plugin.path", plugins.toString()).start()) {
                Rest rest = worker.rest();
                assertThat(rest.createConnector(id, config).status()).isEqualTo(201);
                awaitTaskState(rest, id, "RUNNING");

                for (int i = 0; i < 9_000; i++) {
                    publisher.publish(id + "/sensor-" + (i % 10), "m-" + i);
                }
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 9_000);
                PrometheusText metrics = PrometheusText.parse(rest.get("/metrics").body());
                assertThat(metrics.value("kafka_connect_plugins_mqtt_messages_received_total", "connector", id, "task", "0"))
                        .as("the task's own metric, on /metrics").hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(9_000));

                assertThat(rest.put("/connectors/" + id + "/stop", null).status()).isEqualTo(204);
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                        .until(() -> rest.get("/connectors/" + id + "/status").json().path("tasks").isEmpty());
                for (int i = 9_000; i < 10_000; i++) {
                    publisher.publish(id + "/sensor-" + (i % 10), "m-" + i);
                }
                assertThat(rest.put("/connectors/" + id + "/resume", null).status()).isEqualTo(202);

                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 10_000);
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < 10_000; i++) {
                    expected.add("m-" + i);
                }
                assertThat(values(id)).as("every message, those published while the task was stopped too").isEqualTo(expected);
                ConsumerRecord<byte[], byte[]> one = SharedKafka.get().readAll(id).stream()
                        .filter(r -> "m-9123".equals(new String(r.value(), StandardCharsets.UTF_8))).findFirst().orElseThrow();
                assertThat(new String(one.key(), StandardCharsets.UTF_8)).as("the key is the MQTT topic").isEqualTo(id + "/sensor-3");
                assertThat(new String(one.headers().lastHeader("mqtt.topic").value(), StandardCharsets.UTF_8)).isEqualTo(id + "/sensor-3");
                rest.delete("/connectors/" + id);
            }
        } finally {
            Mqtt.endSession(id + "-0");
        }
    }

    @Test
    void theSinkPublishesEachRecordOfATopicToMqttAndThoseItCannotToTheDeadLetterQueue(@TempDir Path state) throws Exception {
        String id = uniqueId();
        SharedKafka.get().createTopic(id, 3, (short) 1);
        try (Mqtt subscriber = Mqtt.connect(id + "-subscriber")) {
            Mqtt.Received received = subscriber.subscribe("copy/" + id + "/#");
            Map<String, Object> props = new HashMap<>();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 1_000; i++) {
                    producer.send(new ProducerRecord<>(id, "device-" + (i % 7), "reading-" + i));
                    if (i % 100 == 0) {
                        producer.send(new ProducerRecord<>(id, null, "no key for ${key}: " + i));
                    }
                }
            }
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "io.ferry.connectors.mqtt.MqttSinkConnector");
            config.put("topics", id);
            config.put("mqtt.server.uri", Mqtt.URI);
            config.put("mqtt.topic", "copy/" + id + "/${key}");
            config.put("errors.tolerance", "all");
            config.put("errors.deadletterqueue.topic.name", id + "-dlq");
            config.put("errors.deadletterqueue.topic.replication.factor", "1");
            try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                    .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
                assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> received.drain().size() >= 1_000);
                await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id + "-dlq").size() >= 10);
            }
            assertThat(values(id + "-dlq")).as("records without a key for ${key}, in the dead letter queue")
                    .hasSize(10).allSatisfy(value -> assertThat(value).startsWith("no key for ${key}: "));
            Set<String> payloads = new HashSet<>();
            for (String[] message : received.drain()) {
                int reading = Integer.parseInt(message[1].substring("reading-".length()));
                assertThat(message[0]).isEqualTo("copy/" + id + "/device-" + (reading % 7));
                payloads.add(message[1]);
            }
            assertThat(payloads).hasSize(1_000);
        }
    }

    /** Mosquitto's second listener (.ci/services.sh): TLS with a self-signed certificate, and a password. */
    @Test
    void theSourceConnectsWithTlsAndAPasswordAndAWrongPasswordFailsTheTaskNamingTheBroker(@TempDir Path state, @TempDir Path tls)
            throws Exception {
        String id = uniqueId();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "MqttSourceConnector");
        config.put("mqtt.server.uri", Mqtt.TLS_URI);
        config.put("mqtt.username", Mqtt.TLS_USER);
        config.put("mqtt.password", Mqtt.TLS_PASSWORD);
        config.put("mqtt.ssl.truststore.location", Mqtt.tlsTruststore(tls).toString());
        config.put("mqtt.ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("mqtt.topics", id + "/#");
        config.put("mqtt.client.id", id);
        config.put("kafka.topic", id);
        config.put("record.value", "string");
        try (Mqtt publisher = Mqtt.connect(id + "-publisher");
             StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                     .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest rest = worker.rest();
            assertThat(rest.createConnector(id, config).status()).isEqualTo(201);
            awaitTaskState(rest, id, "RUNNING");
            for (int i = 0; i < 100; i++) {
                publisher.publish(id + "/line-" + (i % 2), "m-" + i);
            }
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 100);
            assertThat(values(id)).hasSize(100);

            Map<String, String> wrong = new LinkedHashMap<>(config);
            wrong.put("mqtt.client.id", id + "-wrong");
            wrong.put("mqtt.password", "not-" + Mqtt.TLS_PASSWORD);
            assertThat(rest.createConnector(id + "-wrong", wrong).status()).isEqualTo(201);
            awaitTaskState(rest, id + "-wrong", "FAILED");
            assertThat(rest.get("/connectors/" + id + "-wrong/status").json().path("tasks").get(0).path("trace").asText())
                    .contains("Cannot connect to the MQTT broker at " + Mqtt.TLS_URI);
            rest.delete("/connectors/" + id + "-wrong");
            rest.delete("/connectors/" + id);
        } finally {
            Mqtt.endSession(id + "-0");
        }
    }

    /** docs/connectors/mqtt.md: its first JSON block is a connector that works as written. */
    @Test
    void theFirstExampleOfTheMqttPageWorksAsWritten(@TempDir Path state) throws Exception {
        JsonNode body = DocExamples.firstJsonBlock("connectors/mqtt.md");
        String name = body.path("name").asText();
        String mqttTopic = "sensors/" + uniqueId() + "/temperature";
        try (Mqtt publisher = Mqtt.connect(name + "-publisher");
             StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                     .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest.Response created = worker.rest().post("/connectors", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            awaitTaskState(worker.rest(), name, "RUNNING");
            publisher.publish(mqttTopic, "21.5");
            String kafkaTopic = body.path("config").path("kafka.topic").asText();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> SharedKafka.get().readAll(kafkaTopic).stream()
                    .anyMatch(r -> mqttTopic.equals(new String(r.key(), StandardCharsets.UTF_8))
                            && "21.5".equals(new String(r.value(), StandardCharsets.UTF_8))));
            worker.rest().delete("/connectors/" + name);
        } finally {
            Mqtt.endSession(name + "-0");
        }
    }

    /** MQTT 3.1.1, a '+' filter, QoS 2 from the publisher through the broker to the task. */
    @Test
    void mqtt311SessionsPersistToo(@TempDir Path state) throws Exception {
        String id = uniqueId();
        try (Mqtt publisher = Mqtt.connect(id + "-publisher");
             StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                     .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("connector.class", "MqttSourceConnector");
            config.put("mqtt.server.uri", Mqtt.URI);
            config.put("mqtt.version", "3.1.1");
            config.put("mqtt.topics", id + "/+/reading");
            config.put("mqtt.qos", "2");
            config.put("kafka.topic", id);
            config.put("record.value", "string");
            Rest rest = worker.rest();
            assertThat(rest.createConnector(id, config).status()).isEqualTo(201);
            awaitTaskState(rest, id, "RUNNING");
            for (int i = 0; i < 200; i++) {
                publisher.publish(id + "/device-" + (i % 3) + "/reading", "m-" + i, 2);
            }
            publisher.publish(id + "/device-1/other", "not matched by the filter", 2);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 200);
            assertThat(rest.put("/connectors/" + id + "/stop", null).status()).isEqualTo(204);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> rest.get("/connectors/" + id + "/status").json().path("tasks").isEmpty());
            for (int i = 200; i < 300; i++) {
                publisher.publish(id + "/device-" + (i % 3) + "/reading", "m-" + i, 2);
            }
            assertThat(rest.put("/connectors/" + id + "/resume", null).status()).isEqualTo(202);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 300);
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < 300; i++) {
                expected.add("m-" + i);
            }
            assertThat(values(id)).isEqualTo(expected);
            assertThat(SharedKafka.get().readAll(id)).as("every message was delivered to the task at QoS 2")
                    .allSatisfy(r -> assertThat(new String(r.headers().lastHeader("mqtt.qos").value(), StandardCharsets.UTF_8))
                            .isEqualTo("2"));
            rest.delete("/connectors/" + id);
        } finally {
            Mqtt.endSession(id + "-0");
        }
    }
}
