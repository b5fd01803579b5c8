package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.it.support.DocExamples;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.FerryConnectors;
import io.ferry.testsupport.Ports;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ferry's JMS connectors against an ActiveMQ Artemis broker embedded in the test, with a real worker and Kafka broker. */
class JmsConnectorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static EmbeddedActiveMQ artemis;
    private static String url;
    private static Connection client;

    @BeforeAll
    static void startArtemis(@TempDir Path data) throws Exception {
        int port = Ports.freePort();
        url = "tcp://127.0.0.1:" + port;
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setLargeMessagesDirectory(data.resolve("large").toString());
        config.addAcceptorConfiguration("tcp", url);
        artemis = new EmbeddedActiveMQ().setConfiguration(config);
        artemis.start();
        client = new ActiveMQConnectionFactory(url).createConnection();
        client.start();
    }

    @AfterAll
    static void stopArtemis() throws Exception {
        if (client != null) {
            client.close();
        }
        if (artemis != null) {
            artemis.stop();
        }
    }

    private static String uniqueId() {
        return "jms-" + Long.toString(System.nanoTime(), 36);
    }

    private static void sendTexts(String queue, IntStream numbers) throws Exception {
        try (Session session = client.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            int[] inTransaction = {0};
            for (int i : numbers.toArray()) {
                producer.send(session.createTextMessage("m-" + i));
                if (++inTransaction[0] % 1_000 == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
    }

    private static Set<String> values(String topic) {
        Set<String> values = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static Set<String> expected(int from, int to) {
        Set<String> expected = new HashSet<>();
        IntStream.range(from, to).forEach(i -> expected.add("m-" + i));
        return expected;
    }

    private static Map<String, String> source(String id) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "JmsSourceConnector");
        config.put("jms.url", url);
        config.put("jms.destination.name", id);
        config.put("kafka.topic", id);
        return config;
    }

    @Test
    void everyMessageReachesKafkaIncludingThoseSentWhileTheConnectorWasStopped(@TempDir Path state) throws Exception {
        String id = uniqueId();
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest rest = worker.rest();
            assertThat(rest.createConnector(id, source(id)).status()).isEqualTo(201);
            sendTexts(id, IntStream.range(0, 9_000));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 9_000);

            assertThat(rest.put("/connectors/" + id + "/stop", null).status()).isEqualTo(204);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> rest.get("/connectors/" + id + "/status").json().path("tasks").isEmpty());
            sendTexts(id, IntStream.range(9_000, 10_000));
            assertThat(rest.put("/connectors/" + id + "/resume", null).status()).isEqualTo(202);

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 10_000);
            assertThat(values(id)).isEqualTo(expected(0, 10_000));
            rest.delete("/connectors/" + id);
        }
    }

    @Test
    void textBytesAndMapMessagesBecomeRecordsWithSchemas(@TempDir Path state) throws Exception {
        String id = uniqueId();
        try (Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(id));
            TextMessage text = session.createTextMessage("hello");
            text.setJMSCorrelationID("order-1");
            text.setStringProperty("region", "EU");
            producer.send(text);
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(new byte[] {1, 2, 3});
            producer.send(bytes);
            MapMessage map = session.createMapMessage();
            map.setInt("quantity", 3);
            map.setString("sku", "A-7");
            map.setBoolean("gift", true);
            producer.send(map);
        }
        Map<String, String> config = source(id);
        config.put("record.key", "correlation.id");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> SharedKafka.get().readAll(id).size() >= 3);
        }
        List<ConsumerRecord<byte[], byte[]>> records = SharedKafka.get().readAll(id);
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            values.add(Rest.JSON.readTree(record.value()));
        }
        assertThat(values.get(0).path("schema").path("type").asText()).isEqualTo("string");
        assertThat(values.get(0).path("payload").asText()).isEqualTo("hello");
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("order-1");
        assertThat(new String(records.get(0).headers().lastHeader("region").value(), StandardCharsets.UTF_8)).isEqualTo("EU");
        assertThat(values.get(1).path("schema").path("type").asText()).isEqualTo("bytes");
        assertThat(values.get(1).path("payload").asText()).isEqualTo("AQID");
        assertThat(values.get(2).path("schema").path("type").asText()).isEqualTo("struct");
        assertThat(values.get(2).path("schema").path("fields")).extracting(f -> f.path("field").asText() + ":" + f.path("type").asText())
                .containsExactly("gift:boolean", "quantity:int32", "sku:string");
        assertThat(values.get(2).path("payload").toString()).isEqualTo("{\"gift\":true,\"quantity\":3,\"sku\":\"A-7\"}");
    }

    /** The connection factory looked up in JNDI, with Artemis's context factory from the plugin's directory. */
    @Test
    void theConnectionFactoryCanComeFromJndi(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Map<String, String> config = source(id);
        config.remove("jms.url");
        config.put("jms.jndi.initial.context.factory", "org.apache.activemq.artemis.jndi.ActiveMQInitialContextFactory");
        config.put("jms.jndi.provider.url", url);
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
            sendTexts(id, IntStream.range(0, 100));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 100);
            assertThat(values(id)).isEqualTo(expected(0, 100));
            worker.rest().delete("/connectors/" + id);
        }
    }

    @Test
    void theSinkSendsEachRecordOfATopicToAQueue(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 1_000; i++) {
                producer.send(new ProducerRecord<>(id, "key-" + i, "m-" + i));
            }
        }
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "JmsSinkConnector");
        config.put("topics", id);
        config.put("jms.url", url);
        config.put("jms.destination.name", id + "-out");
        config.put("jms.correlation.id", "key");
        Set<String> texts = new HashSet<>();
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start();
             Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
            MessageConsumer consumer = session.createConsumer(session.createQueue(id + "-out"));
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(() -> {
                Message message = consumer.receive(100);
                if (message != null) {
                    TextMessage text = (TextMessage) message;
                    assertThat(text.getJMSCorrelationID()).isEqualTo("key-" + text.getText().substring(2));
                    assertThat(text.getStringProperty("KafkaTopic")).isEqualTo(id);
                    texts.add(text.getText());
                }
                return texts.size() >= 1_000;
            });
        }
        assertThat(texts).isEqualTo(expected(0, 1_000));
    }

    /** A worker killed with kill -9 leaves its messages unacknowledged; the provider delivers them again. */
    @Test
    void aWorkerKilledBeforeItCommittedRedeliversRatherThanLoses(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", SharedKafka.get().bootstrapServers());
        settings.put("plugin.path", FerryConnectors.pluginPath().toString());
        settings.put("offset.storage.file.filename", state.resolve("connect.offsets").toString());
        settings.put("offset.flush.interval.ms", "60000");
        settings.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        settings.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        WorkerProcess.Options standalone = WorkerProcess.options().distributed(false);
        Map<String, String> config = source(id);
        // Small batches: each waits for Kafka before the next, so the kill finds messages received and not acknowledged.
        config.put("max.batch.size", "20");
        sendTexts(id, IntStream.range(0, 10_000));
        try (WorkerProcess first = WorkerProcess.start(WorkerProcess.Kind.FERRY, "jms-first", settings, state, standalone)) {
            assertThat(first.rest().createConnector(id, config).status()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(50)).until(() -> values(id).size() >= 500);
            first.kill();
        }
        int beforeRestart = SharedKafka.get().readAll(id).size();
        assertThat(beforeRestart).as("killed mid-stream").isLessThan(10_000);
        try (WorkerProcess second = WorkerProcess.start(WorkerProcess.Kind.FERRY, "jms-second", settings, state, standalone)) {
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> values(id).size() >= 10_000);
        }
        assertThat(values(id)).isEqualTo(expected(0, 10_000));
        System.out.printf("JMS source killed after %d records; %d records in all for 10000 messages%n", beforeRestart,
                SharedKafka.get().readAll(id).size());
    }

    /** docs/connectors/jms.md: its first JSON block is a connector that works as written, against a broker on its port. */
    @Test
    void theFirstExampleOfTheJmsPageWorksAsWritten(@TempDir Path state) throws Exception {
        JsonNode body = DocExamples.firstJsonBlock("connectors/jms.md");
        String exampleUrl = body.path("config").path("jms.url").asText();
        EmbeddedActiveMQ local = new EmbeddedActiveMQ();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.addAcceptorConfiguration("tcp", exampleUrl);
        local.setConfiguration(config);
        try {
            local.start();
        } catch (Exception e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "the example's broker address " + exampleUrl + " is taken: " + e);
        }
        String queue = body.path("config").path("jms.destination.name").asText();
        String topic = body.path("config").path("kafka.topic").asText();
        try (Connection connection = new ActiveMQConnectionFactory(exampleUrl).createConnection();
             StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                     .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue(queue)).send(session.createTextMessage("{\"id\": 1}"));
            Rest.Response created = worker.rest().post("/connectors", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(topic).contains("{\"id\": 1}"));
            worker.rest().delete("/connectors/" + body.path("name").asText());
        } finally {
            local.stop();
        }
    }

    /** A topic is read through a shared durable subscription: what is published while the connector is stopped waits. */
    @Test
    void aTopicsDurableSubscriptionKeepsWhatIsPublishedWhileStopped(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Map<String, String> config = source(id);
        config.put("jms.destination.type", "topic");
        config.put("tasks.max", "2");
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start();
             Session session = client.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Rest rest = worker.rest();
            assertThat(rest.createConnector(id, config).status()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
                Rest.Response status = rest.get("/connectors/" + id + "/status");
                return status.status() == 200 && status.json().path("tasks").size() == 2
                        && status.json().path("tasks").findValuesAsText("state").stream().allMatch("RUNNING"::equals);
            });
            MessageProducer producer = session.createProducer(session.createTopic(id));
            for (int i = 0; i < 200; i++) {
                producer.send(session.createTextMessage("m-" + i));
            }
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 200);
            assertThat(rest.put("/connectors/" + id + "/stop", null).status()).isEqualTo(204);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> rest.get("/connectors/" + id + "/status").json().path("tasks").isEmpty());
            for (int i = 200; i < 300; i++) {
                producer.send(session.createTextMessage("m-" + i));
            }
            assertThat(rest.put("/connectors/" + id + "/resume", null).status()).isEqualTo(202);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id).size() >= 300);
            rest.delete("/connectors/" + id);
        }
        assertThat(values(id)).as("every message, by one of the two tasks sharing the subscription").isEqualTo(expected(0, 300));
    }
}
