package io.ferry.runtime.cluster;

import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.worker.ClientConfigs;
import io.ferry.runtime.worker.OverridePolicyCheck;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer settings that would break an exactly-once source task's transactions are refused, naming the setting. */
class TransactionalProducerSettingsTest {

    private static DistributedConfig worker(String exactlyOnce, Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9", "group.id", "g",
                "exactly.once.source.support", exactlyOnce));
        props.putAll(extra);
        return new DistributedConfig(props);
    }

    private static List<String> errorsOf(DistributedConfig config, Map<String, String> connector, String key) {
        ConnectorValidator validator = new ConnectorValidator(TestPlugins.plugins(),
                ConfigProviders.fromWorkerConfig(Map.of(), TestPlugins.plugins()), config,
                new OverridePolicyCheck(config, TestPlugins.plugins()));
        ConfigInfos infos = validator.validate(connector);
        return infos.configs().stream().filter(c -> c.value().name().equals(key))
                .flatMap(c -> c.value().errors().stream()).toList();
    }

    private static Map<String, String> connector(String key, String value) {
        Map<String, String> config = new HashMap<>(FakeSourceConnector.config(1));
        config.put("name", "c");
        config.put(key, value);
        return config;
    }

    @Test
    void validationRefusesOverridesThatBreakTransactionsOnlyWhenTheWorkerRunsSourcesExactlyOnce() {
        DistributedConfig enabled = worker("enabled", Map.of());
        assertThat(errorsOf(enabled, connector("producer.override.acks", "1"), "producer.override.acks"))
                .containsExactly("The value '1' of 'producer.override.acks' cannot be used with exactly-once source "
                        + "support: a transactional producer needs acks=all.");
        assertThat(errorsOf(enabled, connector("producer.override.max.in.flight.requests.per.connection", "6"),
                "producer.override.max.in.flight.requests.per.connection")).singleElement().asString()
                .contains("at most 5 requests in flight");
        assertThat(errorsOf(enabled, connector("producer.override.retries", "0"), "producer.override.retries"))
                .singleElement().asString().contains("retries greater than 0");
        assertThat(errorsOf(enabled, connector("producer.override.acks", "all"), "producer.override.acks")).isEmpty();
        assertThat(errorsOf(worker("disabled", Map.of()), connector("producer.override.acks", "1"),
                "producer.override.acks")).isEmpty();
    }

    @Test
    void aTaskIsNotBuiltWithSuchASettingFromTheWorkerOrTheConnector() {
        ConnectorTaskId task = new ConnectorTaskId("c", 0);
        ClientConfigs fromWorker = new ClientConfigs(worker("enabled", Map.of("producer.acks", "1")));
        assertThatThrownBy(() -> fromWorker.transactionalProducer(task, Map.of(), "g-c-0"))
                .isInstanceOf(ConnectException.class)
                .hasMessage("The value '1' of 'producer.acks' cannot be used with exactly-once source support: "
                        + "a transactional producer needs acks=all.");
        ClientConfigs plain = new ClientConfigs(worker("enabled", Map.of()));
        assertThatThrownBy(() -> plain.transactionalProducer(task, Map.of("producer.override.retries", "0"), "g-c-0"))
                .hasMessageContaining("'producer.override.retries'");
        assertThat(plain.transactionalProducer(task, Map.of(), "g-c-0")).containsEntry("transactional.id", "g-c-0");
    }
}
