package io.ferry.connectors.jms;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JmsValidationTest {

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    @Test
    void aBrokerThatDoesNotAnswerIsNamedByHostAndPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Config config = new JmsSourceConnector().validate(Map.of("jms.url", "tcp://127.0.0.1:" + port,
                "jms.destination.name", "orders", "kafka.topic", "t"));
        assertThat(errors(config, "jms.url")).singleElement().asString().startsWith("Cannot reach the JMS broker at 127.0.0.1:" + port);
    }

    @Test
    void withoutAUrlOrJndiThereIsNoWayToTheBroker() {
        Config config = new JmsSinkConnector().validate(Map.of("topics", "t", "jms.destination.name", "orders"));
        assertThat(errors(config, "jms.connection.factory.class")).singleElement().asString().contains("set jms.url");
    }

    @Test
    void anUnknownFactoryClassIsNamed() {
        JmsSourceConfig config = new JmsSourceConfig(Map.of("jms.connection.factory.class", "com.example.NoSuchFactory",
                "jms.destination.name", "orders", "kafka.topic", "t"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JmsConnections.factory(config))
                .hasMessageContaining("com.example.NoSuchFactory is not in the plugin's directory");
    }
}
