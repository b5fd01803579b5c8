package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** The MQTT source's keys. */
final class MqttSourceConfig extends MqttConfig {

    static final String TOPICS = "mqtt.topics";
    static final String SESSION_EXPIRY_SECONDS = "mqtt.session.expiry.seconds";
    static final String KAFKA_TOPIC = "kafka.topic";
    static final String RECORD_KEY = "record.key";
    static final String RECORD_VALUE = "record.value";
    static final String MAX_BATCH_SIZE = "max.batch.size";
    static final String POLL_TIMEOUT_MS = "poll.timeout.ms";
    static final String MAX_BUFFERED_MESSAGES = "max.buffered.messages";

    static final String KEY_MQTT_TOPIC = "mqtt.topic";
    static final String KEY_NONE = "none";
    static final String VALUE_BYTES = "bytes";
    static final String VALUE_STRING = "string";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(TOPICS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, MqttSourceConfig::validateFilters, Importance.HIGH,
                    "The MQTT topic filters to subscribe to, comma-separated; + and # wildcards allowed (sensors/#, plant/+/temperature). "
                            + "With several filters and tasks.max above 1, the filters are shared out among the tasks.")
            .define(SESSION_EXPIRY_SECONDS, Type.LONG, 7L * 24 * 3600, Range.between(0L, 4_294_967_295L), Importance.MEDIUM,
                    "How long the broker keeps a task's session (its subscriptions and the QoS 1 and 2 messages that arrive "
                            + "meanwhile) after the task disconnects. 0: a clean session each time, messages published while "
                            + "the task is stopped are lost. MQTT 3.1.1 knows no expiry: any value above 0 asks for a persistent session.")
            .define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The Kafka topic the messages are written to.")
            .define(RECORD_KEY, Type.STRING, KEY_MQTT_TOPIC, ValidString.in(KEY_MQTT_TOPIC, KEY_NONE), Importance.MEDIUM,
                    "The record key: mqtt.topic (the message's MQTT topic, as a string: messages of one MQTT topic go to one "
                            + "partition, in order) or none.")
            .define(RECORD_VALUE, Type.STRING, VALUE_BYTES, ValidString.in(VALUE_BYTES, VALUE_STRING), Importance.MEDIUM,
                    "The record value: bytes (the payload as it is, an optional BYTES schema) or string (the payload read as "
                            + "UTF-8 text, an optional STRING schema).")
            .define(MAX_BATCH_SIZE, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "The most records one poll returns.")
            .define(POLL_TIMEOUT_MS, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "How long a poll waits for a message when none is waiting.")
            .define(MAX_BUFFERED_MESSAGES, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                    "The most messages a task holds before it hands them to the worker; beyond it the MQTT client waits, "
                            + "and the broker holds what follows.");

    MqttSourceConfig(Map<?, ?> props) {
        super(DEF, props);
    }

    List<String> topicFilters() {
        return getList(TOPICS);
    }

    private static void validateFilters(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> filters = (List<String>) value;
        if (filters == null || filters.isEmpty()) {
            throw new ConfigException(name, value, "name at least one MQTT topic filter, e.g. sensors/#");
        }
        for (String filter : filters) {
            String problem = TopicFilters.problem(filter);
            if (problem != null) {
                throw new ConfigException(name, filter, problem);
            }
        }
    }
}
