package io.ferry.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Debezium change events of a table with columns {@code id} and {@code name}, as they are in a topic written with
 * schemaless JSON values; and the worker settings that write them so.
 */
public final class ChangeEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change: the operation and the row's id and name after (or, for deletes, before) it. */
    public record Change(String op, int id, String name) {
    }

    private ChangeEvents() {
    }

    /** A standalone worker with the given plugin path, writing keys and values as schemaless JSON. */
    public static StandaloneWorker jsonWorker(Path plugins, Path state) {
        return new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", plugins.toString())
                .with("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .with("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .with("key.converter.schemas.enable", "false")
                .with("value.converter.schemas.enable", "false")
                .start();
    }

    /** The change events in the topic, in order; tombstones that follow deletes are left out. */
    public static List<Change> in(String topic) {
        List<Change> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : SharedKafka.get().readAll(topic)) {
            if (r.value() == null) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(r.value());
                String op = event.path("op").asText();
                JsonNode row = op.equals("d") ? event.path("before") : event.path("after");
                result.add(new Change(op, row.path("id").asInt(), row.path("name").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    public static void awaitCount(String topic, int count) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> in(topic).size() >= count);
    }
}
