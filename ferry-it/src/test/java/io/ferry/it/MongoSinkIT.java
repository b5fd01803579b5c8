package io.ferry.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Ports;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB's official sink connector (its "all" uber-jar, installed with {@code ferry plugin install}) writes a topic
 * into an in-process MongoDB-compatible server.
 */
class MongoSinkIT {

    @Test
    void everyRecordBecomesADocument(@TempDir Path plugins, @TempDir Path state) {
        FerryCommand.Result install = FerryCommand.run("plugin", "install", "org.mongodb.kafka:mongo-kafka-connect:jar:all:2.0.1",
                "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(install.out()).contains("com.mongodb.kafka.connect.MongoSinkConnector");

        String topic = "mongo-orders-" + Long.toString(System.nanoTime(), 36);
        for (int i = 1; i <= 200; i++) {
            SharedKafka.get().produce(topic, "order-" + i, "{\"order\":" + i + ",\"item\":\"book-" + i + "\",\"quantity\":" + (i % 7 + 1) + "}");
        }
        MongoServer mongo = new MongoServer(new MemoryBackend());
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", Ports.freeLoopbackPort());
        mongo.bind(address);
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString())
                .with("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .with("value.converter.schemas.enable", "false")
                .start();
             MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            Map<String, String> sink = new LinkedHashMap<>();
            sink.put("connector.class", "com.mongodb.kafka.connect.MongoSinkConnector");
            sink.put("topics", topic);
            sink.put("connection.uri", "mongodb://127.0.0.1:" + address.getPort());
            sink.put("database", "shop");
            sink.put("collection", "orders");
            var created = worker.rest().post("/connectors", Map.of("name", "mongo-sink", "config", sink));
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            MongoCollection<Document> orders = client.getDatabase("shop").getCollection("orders");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> orders.countDocuments() >= 200);
            Set<Integer> seen = new HashSet<>();
            for (Document d : orders.find()) {
                // Schemaless JSON numbers arrive as 64-bit integers.
                int order = d.get("order", Number.class).intValue();
                assertThat(d.getString("item")).isEqualTo("book-" + order);
                assertThat(d.get("quantity", Number.class).intValue()).isEqualTo(order % 7 + 1);
                seen.add(order);
            }
            assertThat(seen).hasSize(200);
            assertThat(orders.countDocuments()).isEqualTo(200);
        } finally {
            mongo.shutdownNow();
        }
    }
}
