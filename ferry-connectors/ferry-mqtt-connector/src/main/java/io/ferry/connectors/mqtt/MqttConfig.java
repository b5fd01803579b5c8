package io.ferry.connectors.mqtt;

import io.ferry.connectors.common.TlsStores;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

import java.util.Map;

/** The keys both MQTT connectors share: the broker, the protocol version, the client's identity and TLS ({@code mqtt.ssl.*}). */
class MqttConfig extends AbstractConfig {

    static final String SERVER_URI = "mqtt.server.uri";
    static final String VERSION = "mqtt.version";
    static final String CLIENT_ID = "mqtt.client.id";
    static final String USERNAME = "mqtt.username";
    static final String PASSWORD = "mqtt.password";
    static final String QOS = "mqtt.qos";
    static final String CONNECT_TIMEOUT_MS = "mqtt.connect.timeout.ms";
    static final String KEEP_ALIVE_SECONDS = "mqtt.keep.alive.seconds";

    private static final String CONNECTION = "MQTT connection";
    private static final String TLS = "MQTT TLS";

    static ConfigDef define(ConfigDef def) {
        int order = 0;
        def
                .define(SERVER_URI, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, MqttServer.VALIDATOR, Importance.HIGH,
                        "The MQTT broker: tcp://host:port (plain, port 1883 by default) or ssl://host:port (TLS, port 8883 by default).",
                        CONNECTION, ++order, ConfigDef.Width.LONG, "Broker URI")
                .define(VERSION, Type.STRING, "5", ValidString.in("5", "3.1.1"), Importance.MEDIUM,
                        "The MQTT protocol version: 5 or 3.1.1.", CONNECTION, ++order, ConfigDef.Width.SHORT, "MQTT version")
                .define(CLIENT_ID, Type.STRING, null, Importance.MEDIUM,
                        "The client identifier's prefix; each task adds '-' and its number. Default: the connector's name. "
                                + "The broker keeps a source task's session under this identifier.",
                        CONNECTION, ++order, ConfigDef.Width.MEDIUM, "Client id")
                .define(USERNAME, Type.STRING, null, Importance.MEDIUM, "The user name to connect with, if the broker wants one.",
                        CONNECTION, ++order, ConfigDef.Width.MEDIUM, "User name")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The password to connect with.",
                        CONNECTION, ++order, ConfigDef.Width.MEDIUM, "Password")
                .define(QOS, Type.INT, 1, Range.between(0, 2), Importance.HIGH,
                        "The quality of service: 0 (at most once), 1 (at least once) or 2 (exactly once between client and broker).",
                        CONNECTION, ++order, ConfigDef.Width.SHORT, "QoS")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "How long a task waits for the broker to accept its connection before it fails.",
                        CONNECTION, ++order, ConfigDef.Width.SHORT, "Connect timeout (ms)")
                .define(KEEP_ALIVE_SECONDS, Type.INT, 60, Range.between(0, 65_535), Importance.LOW,
                        "The keep-alive interval the client announces; 0 turns keep-alive off.",
                        CONNECTION, ++order, ConfigDef.Width.SHORT, "Keep alive (s)");
        return TlsStores.define(def, "mqtt.", TLS);
    }

    MqttConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    MqttServer server() {
        return MqttServer.parse(getString(SERVER_URI));
    }

    boolean version5() {
        return "5".equals(getString(VERSION));
    }

    int qos() {
        return getInt(QOS);
    }

    String clientIdPrefix(Map<String, String> connectorProps) {
        String id = getString(CLIENT_ID);
        return id != null && !id.isBlank() ? id : connectorProps.getOrDefault("name", "ferry-mqtt");
    }

    String password(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }
}
