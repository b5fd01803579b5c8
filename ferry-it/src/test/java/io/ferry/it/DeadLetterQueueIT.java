package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A sink reading a topic that mixes valid JSON with bytes no converter can read. */
class DeadLetterQueueIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    /** Ten records: every third is not JSON. */
    private static int produceMixed(String topic) {
        kafka.createTopic(topic, 1, (short) 1);
        int bad = 0;
        for (int i = 1; i <= 10; i++) {
            if (i % 3 == 0) {
                kafka.produce(topic, "k" + i, "not json {" + i);
                bad++;
            } else {
                kafka.produce(topic, "k" + i, "{\"n\":" + i + "}");
            }
        }
        return bad;
    }

    private static Map<String, String> sink(String topic, Path output) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "FileStreamSink");
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("file", output.toString());
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        config.put("value.converter.schemas.enable", "false");
        return config;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void toleratedBadRecordsGoToTheDeadLetterQueueWithContext(@TempDir Path dir) {
        int bad = produceMixed("mixed-all");
        Path output = dir.resolve("out.txt");
        Map<String, String> config = sink("mixed-all", output);
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        config.put("errors.deadletterqueue.topic.name", "dlq-mixed");
        config.put("errors.deadletterqueue.context.headers.enable", "true");

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("tolerant-sink", config));
            await().atMost(Duration.ofSeconds(60)).until(() -> Lines.read(output).size() >= 10 - bad);

            List<ConsumerRecord<byte[], byte[]>> dead = kafka.consume("dlq-mixed", bad, Duration.ofSeconds(30));
            assertThat(dead).hasSize(bad);
            for (ConsumerRecord<byte[], byte[]> record : dead) {
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).startsWith("not json {");
                assertThat(header(record, "__connect.errors.topic")).isEqualTo("mixed-all");
                assertThat(header(record, "__connect.errors.partition")).isEqualTo("0");
                assertThat(Long.parseLong(header(record, "__connect.errors.offset"))).isBetween(0L, 9L);
                assertThat(header(record, "__connect.errors.connector.name")).isEqualTo("tolerant-sink");
                assertThat(header(record, "__connect.errors.task.id")).isEqualTo("0");
                assertThat(header(record, "__connect.errors.stage")).isEqualTo("VALUE_CONVERTER");
                assertThat(header(record, "__connect.errors.class.name")).isEqualTo("org.apache.kafka.connect.json.JsonConverter");
                assertThat(header(record, "__connect.errors.exception.class.name")).isEqualTo("org.apache.kafka.connect.errors.DataException");
                assertThat(header(record, "__connect.errors.exception.message")).isNotBlank();
                assertThat(header(record, "__connect.errors.exception.stacktrace")).contains("DataException");
            }
            assertThat(Lines.read(output)).hasSize(10 - bad).allMatch(line -> line.startsWith("{n="));
            JsonNode status = worker.status("tolerant-sink");
            assertThat(status.path("tasks").get(0).path("state").asText()).isEqualTo("RUNNING");
        }
    }

    @Test
    void withoutToleranceTheTaskFailsWithItsTrace(@TempDir Path dir) {
        produceMixed("mixed-none");
        // The failed task is meant to stay FAILED: the worker's automatic restarts are off.
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("auto.restart.enable", "false")) {
            worker.start(connector("strict-sink", sink("mixed-none", dir.resolve("out.txt"))));
            JsonNode failed = worker.awaitTaskState("strict-sink", 0, "FAILED");
            assertThat(failed.path("trace").asText())
                    .contains("Tolerance exceeded in error handler")
                    .contains("org.apache.kafka.connect.errors.DataException");
            assertThat(worker.status("strict-sink").path("connector").path("state").asText()).isEqualTo("RUNNING");
        }
    }
}
