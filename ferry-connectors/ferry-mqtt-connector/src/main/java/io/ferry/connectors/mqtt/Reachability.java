package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.io.IOException;
import java.util.Map;

/** Validation's last step: whether the broker named by a valid {@code mqtt.server.uri} answers at all. */
final class Reachability {

    private static final int TIMEOUT_MS = 5_000;

    private Reachability() {
    }

    static Config check(Config validated, Map<String, String> props) {
        ConfigValue uri = validated.configValues().stream()
                .filter(v -> v.name().equals(MqttConfig.SERVER_URI)).findFirst().orElse(null);
        if (uri == null || !uri.errorMessages().isEmpty() || props.get(MqttConfig.SERVER_URI) == null) {
            return validated;
        }
        MqttServer server = MqttServer.parse(props.get(MqttConfig.SERVER_URI));
        try {
            server.checkReachable(TIMEOUT_MS);
        } catch (IOException e) {
            uri.addErrorMessage("Cannot reach the MQTT broker at " + server.host() + ":" + server.port() + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
        return validated;
    }
}
