package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MqttConnectorConfigTest {

    private static Map<String, String> source(String uri, String filters) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "sensors-in");
        props.put("connector.class", MqttSourceConnector.class.getName());
        props.put(MqttConfig.SERVER_URI, uri);
        props.put(MqttSourceConfig.TOPICS, filters);
        props.put(MqttSourceConfig.KAFKA_TOPIC, "sensors");
        return props;
    }

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void filtersAreSharedOutAndEachTaskHasItsOwnClientId() {
        MqttSourceConnector connector = new MqttSourceConnector();
        connector.start(source("tcp://127.0.0.1:1883", "a/#,b/#,c/+"));
        List<Map<String, String>> tasks = connector.taskConfigs(2);
        assertThat(tasks).hasSize(2);
        assertThat(tasks.get(0)).containsEntry(MqttSourceConfig.TOPICS, "a/#,c/+").containsEntry(MqttConfig.CLIENT_ID, "sensors-in-0");
        assertThat(tasks.get(1)).containsEntry(MqttSourceConfig.TOPICS, "b/#").containsEntry(MqttConfig.CLIENT_ID, "sensors-in-1");
        assertThat(connector.taskConfigs(8)).as("no more tasks than filters").hasSize(3);
    }

    @Test
    void validationNamesABadUriAndABadFilter() throws IOException {
        MqttSourceConnector connector = new MqttSourceConnector();
        Config config = connector.validate(source("http://127.0.0.1:" + closedPort(), "sensors/#/x"));
        assertThat(errors(config, MqttConfig.SERVER_URI)).singleElement().asString().contains("tcp://");
        assertThat(errors(config, MqttSourceConfig.TOPICS)).singleElement().asString().contains("# must be a whole level");
    }

    @Test
    void validationNamesTheHostAndPortOfABrokerThatDoesNotAnswer() throws IOException {
        int port = closedPort();
        Config config = new MqttSinkConnector().validate(Map.of("name", "out", MqttConfig.SERVER_URI, "tcp://127.0.0.1:" + port, "topics", "t"));
        assertThat(errors(config, MqttConfig.SERVER_URI)).singleElement().asString()
                .startsWith("Cannot reach the MQTT broker at 127.0.0.1:" + port);
    }

    @Test
    void uriDefaultsThePortByScheme() {
        assertThat(MqttServer.parse("tcp://broker")).isEqualTo(new MqttServer("broker", 1883, false));
        assertThat(MqttServer.parse("ssl://broker")).isEqualTo(new MqttServer("broker", 8883, true));
        assertThat(MqttServer.parse("mqtts://broker:9000")).isEqualTo(new MqttServer("broker", 9000, true));
    }
}
