package io.ferry.embedded.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaClusterTest {

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void singleBrokerKeepsDataAndAddressAcrossRestart() {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().build()) {
            kafka.start();
            String address = kafka.bootstrapServers();
            assertThat(address).startsWith("127.0.0.1:");
            kafka.createTopic("t", 2, (short) 1);
            kafka.produce("t", "k", "before");

            kafka.restart();
            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            kafka.produce("t", "k", "after");
            assertThat(values(kafka.consume("t", 2, Duration.ofSeconds(30)))).containsExactly("before", "after");
        }
    }

    @Test
    void threeBrokersSurviveTheLossOfOne() {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.builder().brokers(3).build()) {
            kafka.start();
            kafka.createTopic("replicated", 1, (short) 3);
            kafka.produce("replicated", "k", "one");
            kafka.stopBroker(1);
            kafka.produce("replicated", "k", "two");
            kafka.startBroker(1);
            assertThat(values(kafka.consume("replicated", 2, Duration.ofSeconds(30)))).containsExactly("one", "two");
        }
    }

    @Test
    void twoClustersRunSideBySide() {
        try (EmbeddedKafkaCluster a = EmbeddedKafkaCluster.builder().build();
             EmbeddedKafkaCluster b = EmbeddedKafkaCluster.builder().build()) {
            a.start();
            b.start();
            assertThat(a.clusterId()).isNotEqualTo(b.clusterId());
            a.produce("only-a", "k", "v");
            assertThat(values(a.consume("only-a", 1, Duration.ofSeconds(30)))).containsExactly("v");
            assertThat(b.admin().listTopics().names()).succeedsWithin(Duration.ofSeconds(10))
                    .satisfies(names -> assertThat(names).doesNotContain("only-a"));
        }
    }
}
