package io.ferry.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Apache Camel's RabbitMQ source connector (its published package, installed with {@code ferry plugin install}). */
class RabbitMqSourceIT {

    private static Connection connect(ConnectionFactory factory) {
        try {
            return factory.newConnection();
        } catch (Exception e) {
            assumeThat((Object) e).as("RabbitMQ at 127.0.0.1:5672 (started by .ci/services.sh)").isNull();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyMessagePublishedToRabbitMqArrivesInKafka(@TempDir Path plugins, @TempDir Path state) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(5672);
        factory.setUsername("guest");
        factory.setPassword("guest");
        Connection rabbit = connect(factory);
        FerryCommand.Result install = FerryCommand.run("plugin", "install",
                "org.apache.camel.kafkaconnector:camel-spring-rabbitmq-source-kafka-connector:4.18.0", "--plugin-path", plugins.toString());
        assertThat(install.exit()).as(install.err()).isZero();

        String id = "ferry-" + Long.toString(System.nanoTime(), 36);
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "org.apache.camel.kafkaconnector.springrabbitmqsource.CamelSpringrabbitmqsourceSourceConnector");
        source.put("topics", id);
        source.put("camel.kamelet.spring-rabbitmq-source.host", "127.0.0.1");
        source.put("camel.kamelet.spring-rabbitmq-source.port", "5672");
        source.put("camel.kamelet.spring-rabbitmq-source.username", "guest");
        source.put("camel.kamelet.spring-rabbitmq-source.password", "guest");
        source.put("camel.kamelet.spring-rabbitmq-source.exchangeName", id);
        source.put("camel.kamelet.spring-rabbitmq-source.queues", id);
        source.put("camel.kamelet.spring-rabbitmq-source.routingKey", "orders");
        source.put("camel.kamelet.spring-rabbitmq-source.autoDeclare", "true");
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString())
                .with("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter")
                .start();
             Channel channel = rabbit.createChannel()) {
            var created = worker.rest().post("/connectors", Map.of("name", id, "config", source));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            // The connector declares its exchange and queue; publish once it consumes from the queue.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                try (Channel probe = rabbit.createChannel()) {
                    return probe.queueDeclarePassive(id).getConsumerCount() > 0;
                }
            });
            for (int i = 1; i <= 500; i++) {
                channel.basicPublish(id, "orders", null, ("message-" + i).getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> SharedKafka.get().readAll(id).size() >= 500);
            Set<String> received = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : SharedKafka.get().readAll(id)) {
                received.add(new String(r.value(), StandardCharsets.UTF_8));
            }
            assertThat(received).hasSize(500).contains("message-1", "message-250", "message-500");
            try (Channel cleanup = rabbit.createChannel()) {
                worker.rest().delete("/connectors/" + id);
                cleanup.queueDelete(id);
                cleanup.exchangeDelete(id);
            }
        } finally {
            rabbit.close();
        }
    }
}
