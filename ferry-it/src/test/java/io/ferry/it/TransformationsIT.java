package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;

/** Apache's transformations and predicates, chained, change records exactly as configured. */
class TransformationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    /**
     * Two file sources share one chain: each line is wrapped in a struct, routed by topic name, tagged only when it
     * goes to routed-keep (predicate) and dropped unless it does (the same predicate, negated).
     */
    private static Map<String, String> source(Path file, String topic) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", "FileStreamSource");
        c.put("file", file.toString());
        c.put("topic", topic);
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        c.put("transforms", "hoist,route,tag,drop");
        c.put("transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value");
        c.put("transforms.hoist.field", "line");
        c.put("transforms.route.type", "RegexRouter");
        c.put("transforms.route.regex", "lines-(.*)");
        c.put("transforms.route.replacement", "routed-$1");
        c.put("transforms.tag.type", "org.apache.kafka.connect.transforms.InsertField$Value");
        c.put("transforms.tag.static.field", "origin");
        c.put("transforms.tag.static.value", "ferry");
        c.put("transforms.tag.predicate", "toKeep");
        c.put("transforms.drop.type", "Filter");
        c.put("transforms.drop.predicate", "toKeep");
        c.put("transforms.drop.negate", "true");
        c.put("predicates", "toKeep");
        c.put("predicates.toKeep.type", "TopicNameMatches");
        c.put("predicates.toKeep.pattern", "routed-keep");
        return c;
    }

    @Test
    void chainWithPredicatesRoutesTagsAndFilters(@TempDir Path dir) throws Exception {
        Path keep = dir.resolve("keep.txt");
        Path drop = dir.resolve("drop.txt");
        Lines.append(keep, Lines.numbered(1, 50));
        Lines.append(drop, Lines.numbered(1001, 1050));

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("keep-source", source(keep, "lines-keep")),
                    connector("drop-source", source(drop, "lines-drop")));
            worker.awaitRunning("keep-source", 1);
            worker.awaitRunning("drop-source", 1);

            List<ConsumerRecord<byte[], byte[]>> records = kafka.consume("routed-keep", 50, Duration.ofSeconds(60));
            List<JsonNode> values = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                values.add(JSON.readTree(r.value()));
            }
            assertThat(values).hasSize(50);
            for (int i = 0; i < 50; i++) {
                assertThat(values.get(i).path("line").asText()).isEqualTo(Lines.line(i + 1));
                assertThat(values.get(i).path("origin").asText()).isEqualTo("ferry");
                assertThat(values.get(i).size()).isEqualTo(2);
            }
            // The drop source's records were all filtered (and their offsets still committed): none reached Kafka.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    worker.runtime().herder().connectors().contains("drop-source"));
            assertThat(kafka.admin().listTopics().names().get(10, TimeUnit.SECONDS))
                    .doesNotContain("routed-drop", "lines-drop", "lines-keep");
        }
    }
}
