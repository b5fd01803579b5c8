package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.util.Map;

/** The MQTT sink's keys (besides the sink's own {@code topics} or {@code topics.regex}). */
final class MqttSinkConfig extends MqttConfig {

    static final String TOPIC = "mqtt.topic";
    static final String TOPIC_HEADER = "mqtt.topic.header";
    static final String RETAIN = "mqtt.retain";
    static final String MAX_IN_FLIGHT = "max.in.flight.messages";
    static final String PUBLISH_TIMEOUT_MS = "publish.timeout.ms";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(TOPIC, Type.STRING, "${topic}", Importance.HIGH,
                    "The MQTT topic each record is published to: text with ${topic} (the Kafka topic), ${partition} and "
                            + "${key} (the record key as text) in it, e.g. devices/${key}/commands.")
            .define(TOPIC_HEADER, Type.STRING, null, Importance.MEDIUM,
                    "A record header whose value, when the record has it, is the MQTT topic instead of mqtt.topic's; "
                            + "e.g. mqtt.topic, the header the MQTT source writes.")
            .define(RETAIN, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Publish with the retain flag: the broker keeps each topic's last message for new subscribers.")
            .define(MAX_IN_FLIGHT, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "The most messages published and not yet acknowledged by the broker; put waits beyond it.")
            .define(PUBLISH_TIMEOUT_MS, Type.INT, 60_000, Range.atLeast(1), Importance.LOW,
                    "How long an offset commit waits for the broker to acknowledge what was published; when it does not, "
                            + "the commit fails and the records are delivered again.");

    MqttSinkConfig(Map<?, ?> props) {
        super(DEF, props);
    }
}
