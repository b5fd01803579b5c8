package io.ferry.connectors.mqtt;

import io.ferry.connectors.common.Reachability;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where the broker is, from {@code mqtt.server.uri}: {@code tcp://host:port} (or {@code mqtt://}) in the clear,
 * {@code ssl://host:port} (or {@code mqtts://}) with TLS. The port defaults to 1883 in the clear and 8883 with TLS.
 */
record MqttServer(String host, int port, boolean tls) {

    static MqttServer parse(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw new ConfigException(MqttConfig.SERVER_URI, uri, "not a URI: " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "tls", "mqtts" -> true;
            default -> throw new ConfigException(MqttConfig.SERVER_URI, uri,
                    "the scheme must be tcp:// or mqtt:// (plain) or ssl:// or mqtts:// (TLS), e.g. tcp://127.0.0.1:1883");
        };
        if (parsed.getHost() == null || parsed.getHost().isEmpty()) {
            throw new ConfigException(MqttConfig.SERVER_URI, uri, "no host name, e.g. tcp://127.0.0.1:1883");
        }
        int port = parsed.getPort() >= 0 ? parsed.getPort() : tls ? 8883 : 1883;
        return new MqttServer(parsed.getHost(), port, tls);
    }

    /** Validation's last step for both connectors: a valid {@code mqtt.server.uri} must answer. */
    static Config checkReachable(Config validated) {
        Reachability.valid(validated, MqttConfig.SERVER_URI).ifPresent(uri -> {
            MqttServer server = parse((String) uri.value());
            Reachability.check(uri, "the MQTT broker", server.host(), server.port());
        });
        return validated;
    }

    @Override
    public String toString() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** Refuses, when a connector is created, a URI the connector could not use. */
    static final ConfigDef.Validator VALIDATOR = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                parse((String) value);
            }
        }

        @Override
        public String toString() {
            return "tcp://host:port or ssl://host:port";
        }
    };
}
