package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.runtime.DistributedRuntime;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connector names the REST API could not address are refused at creation, through the API and from connector files;
 * connectors that already have such names (stored by an older version, or written to a cluster's config topic by
 * another Kafka Connect) stay readable and deletable.
 */
class ConnectorNamesIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Map<String, String> source(Path input, String topic) {
        return Map.of("connector.class", "FileStreamSource", "file", input.toString(), "topic", topic);
    }

    private static String path(String name) {
        return "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void namesTheApiCouldNotAddressAreRefusedWith400(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 1));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .start(StandaloneWorker.connector("names-from-file/bad", source(input, "names-file")),
                        StandaloneWorker.connector("names-from-file", source(input, "names-file")))) {
            Rest rest = worker.rest();
            for (String name : List.of("a/b", "..", ".", "back\\slash", "100%", "x".repeat(9000))) {
                Rest.Response created = rest.post("/connectors", Map.of("name", name, "config", source(input, "names")));
                assertThat(created.status()).as(created.body()).isEqualTo(400);
                assertThat(created.header("Content-Type")).startsWith("application/json");
                assertThat(created.json().path("error_code").asInt()).isEqualTo(400);
                assertThat(created.json().path("message").asText()).startsWith("Connector name '")
                        .contains("so the REST API could not address it")
                        .contains("at most 255 characters long");
            }
            Rest.Response put = rest.put("/connectors/a%2Fb/config", source(input, "names"));
            assertThat(put.status()).as(put.body()).isEqualTo(400);
            assertThat(put.json().path("message").asText()).startsWith("Connector name 'a/b' contains '/'");

            // Names Kafka Connect always refused keep Apache's answer.
            Rest.Response empty = rest.post("/connectors", Map.of("name", " ", "config", source(input, "names")));
            assertThat(empty.status()).isEqualTo(400);
            assertThat(empty.json().path("message").asText()).startsWith("Connector configuration is invalid");

            // Names with characters a client must encode are fine, and reachable.
            String odd = "odd ?#;+é name";
            assertThat(rest.post("/connectors", Map.of("name", odd, "config", source(input, "names"))).status()).isEqualTo(201);
            assertThat(rest.get(path(odd)).json().path("name").asText()).isEqualTo(odd);
            assertThat(rest.delete(path(odd)).status()).isEqualTo(204);

            List<String> listed = new ArrayList<>();
            rest.get("/connectors").json().forEach(n -> listed.add(n.asText()));
            assertThat(listed).containsExactly("names-from-file");
        }
    }

    @Test
    void inAClusterAConnectorWrittenToTheConfigTopicWithSuchANameCanStillBeReadAndDeleted(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.path", StandaloneWorker.pluginPath().toString());
        props.put("group.id", "names-cluster");
        props.put("config.storage.topic", "names-cluster-configs");
        props.put("offset.storage.topic", "names-cluster-offsets");
        props.put("status.storage.topic", "names-cluster-statuses");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        try (DistributedRuntime worker = DistributedRuntime.start(props)) {
            Rest rest = new Rest(worker.restUrl().toString());
            await().atMost(Duration.ofSeconds(60)).until(() -> rest.get("/health/ready").status() == 200);

            Rest.Response refused = rest.post("/connectors", Map.of("name", "cluster/new", "config", source(input, "names")));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);

            // As another Kafka Connect wrote it: the connector's record in the config topic, under a name with '/'.
            String name = "cluster/legacy";
            Map<String, String> config = new LinkedHashMap<>(source(input, "names-cluster"));
            config.put("name", name);
            Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("names-cluster-configs", "connector-" + name,
                        JSON.writeValueAsString(Map.of("properties", config)))).get();
            }

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                Rest.Response status = rest.get(path(name) + "/status");
                return status.status() == 200 && "RUNNING".equals(status.json().path("connector").path("state").asText());
            });
            assertThat(rest.get(path(name)).json().path("name").asText()).isEqualTo(name);
            assertThat(rest.put(path(name) + "/pause", null).status()).isEqualTo(202);
            Rest.Response deleted = rest.delete(path(name));
            assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(30)).until(() -> rest.get(path(name)).status() == 404);
            assertThat(rest.get("/connectors").json()).isEmpty();
        }
    }

    @Test
    void aConnectorStoredWithSuchANameCanStillBeReadAndDeleted(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Lines.append(input, Lines.numbered(1, 3));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            assertThat(worker.rest().createConnector("legacy-template", source(input, "legacy")).status()).isEqualTo(201);
        }
        // As an older version left it: the same connector, stored under names the API no longer creates.
        Path stored = dir.resolve("connect.offsets.connectors.json");
        ObjectNode root = (ObjectNode) JSON.readTree(stored.toFile());
        ObjectNode connectors = (ObjectNode) root.path("connectors");
        JsonNode template = connectors.remove("legacy-template");
        List<String> names = List.of("legacy/one", "..", "legacy%2Ftwo");
        for (String name : names) {
            ObjectNode entry = template.deepCopy();
            ((ObjectNode) entry.path("config")).put("name", name);
            ((ObjectNode) entry.path("config")).put("topic", "legacy");
            connectors.set(name, entry);
        }
        Files.write(stored, JSON.writeValueAsBytes(root));

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            Rest rest = worker.rest();
            for (String name : names) {
                worker.awaitRunning(path(name).substring("/connectors/".length()), 1);
                Rest.Response read = rest.get(path(name));
                assertThat(read.status()).as(name + ": " + read.body()).isEqualTo(200);
                assertThat(read.json().path("name").asText()).isEqualTo(name);
                assertThat(rest.get(path(name) + "/status").json().path("connector").path("state").asText()).isEqualTo("RUNNING");
                assertThat(rest.delete(path(name)).status()).as(name).isEqualTo(204);
                assertThat(rest.get(path(name)).status()).isEqualTo(404);
            }
            assertThat(rest.get("/connectors").json()).isEmpty();
        }
    }
}
