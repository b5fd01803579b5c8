package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plugin classes of the wrong kind and malformed version ranges are refused as Apache Kafka Connect refuses them. */
class ConnectorValidatorPluginKindsTest {

    private final ConnectorValidator validator = TestPlugins.validator();

    private static Map<String, String> config(Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(FakeSourceConnector.config(1));
        config.put("name", "c");
        config.putAll(extra);
        return config;
    }

    private List<String> errorsOf(ConfigInfos infos, String key) {
        return infos.configs().stream().filter(c -> c.value() != null && c.value().name().equals(key))
                .findFirst().orElseThrow().value().errors();
    }

    @Test
    void aClassOfTheWrongKindIsAnErrorOfItsKey() {
        ConfigInfos infos = validator.validate(config(Map.of(
                "transforms", "t", "transforms.t.type", "org.apache.kafka.connect.json.JsonConverter",
                "predicates", "p", "predicates.p.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "key.converter", "org.apache.kafka.connect.transforms.RegexRouter",
                "header.converter", "org.apache.kafka.connect.transforms.Filter")));

        assertThat(errorsOf(infos, "transforms.t.type")).containsExactly(
                "Class class org.apache.kafka.connect.json.JsonConverter does not implement the Transformation interface");
        assertThat(errorsOf(infos, "predicates.p.type")).containsExactly(
                "Class class org.apache.kafka.connect.transforms.RegexRouter does not implement the Predicate interface");
        assertThat(errorsOf(infos, "key.converter")).containsExactly(
                "Class class org.apache.kafka.connect.transforms.RegexRouter does not implement the Converter interface");
        assertThat(errorsOf(infos, "header.converter")).containsExactly(
                "Class class org.apache.kafka.connect.transforms.Filter does not implement the HeaderConverter interface");
        assertThat(infos.errorCount()).isEqualTo(4);
    }

    @Test
    void aMalformedVersionRangeIsRefusedInMavensWords() {
        assertThatThrownBy(() -> validator.validate(config(Map.of("connector.plugin.version", "[1.0,2.0"))))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Unbounded range: [1.0,2.0");
        ConfigInfos infos = validator.validate(config(Map.of("transforms", "r",
                "transforms.r.type", "org.apache.kafka.connect.transforms.RegexRouter", "transforms.r.regex", "x",
                "transforms.r.replacement", "y", "transforms.r.plugin.version", "(1.0)")));
        assertThat(errorsOf(infos, "transforms.r.plugin.version"))
                .containsExactly("Single version must be surrounded by []: (1.0)");
        // The type is loaded in that version, so it is in error too.
        assertThat(errorsOf(infos, "transforms.r.type")).containsExactly("Single version must be surrounded by []: (1.0)");
    }

    @Test
    void thePluginConfigOfAVersionRangeNamesTheProblem() {
        assertThatThrownBy(() -> validator.pluginConfig("RegexRouter", "[1.0,2.0"))
                .isInstanceOf(InvalidRequestException.class).hasMessage("Invalid version specification: [1.0,2.0");
        assertThatThrownBy(() -> validator.pluginConfig("org.apache.kafka.connect.transforms.RegexRouter", "1.0,2.0"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Plugin org.apache.kafka.connect.transforms.RegexRouter not found that matches "
                        + "the version range [1.0,2.0], available versions: [");
    }
}
