package io.ferry.runtime.plugins;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IsolationRulesTest {

    @Test
    void apiAndPlatformClassesComeFromTheWorker() {
        assertThat(IsolationRules.loadInIsolation("java.lang.String")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.source.SourceConnector")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.clients.producer.KafkaProducer")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.slf4j.Logger")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.transforms.Transformation")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.transforms.predicates.Predicate")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.common.config.provider.ConfigProvider")).isFalse();
    }

    @Test
    void implementationsAndEverythingElseMayBeBundled() {
        assertThat(IsolationRules.loadInIsolation("com.fasterxml.jackson.databind.ObjectMapper")).isTrue();
        assertThat(IsolationRules.loadInIsolation("jakarta.ws.rs.core.Response")).isTrue();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.json.JsonConverter")).isTrue();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.transforms.Cast$Value")).isTrue();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.storage.StringConverter")).isTrue();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.connect.storage.Converter")).isFalse();
        assertThat(IsolationRules.loadInIsolation("org.apache.kafka.common.config.provider.FileConfigProvider")).isTrue();
        assertThat(IsolationRules.loadInIsolation("io.debezium.connector.mysql.MySqlConnector")).isTrue();
    }
}
