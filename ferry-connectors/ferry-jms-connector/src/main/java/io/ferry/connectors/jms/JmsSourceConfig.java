package io.ferry.connectors.jms;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.Map;

/** The JMS source's keys. */
final class JmsSourceConfig extends JmsConfig {

    static final String SUBSCRIPTION = "jms.subscription.name";
    static final String SELECTOR = "jms.message.selector";
    static final String KAFKA_TOPIC = "kafka.topic";
    static final String RECORD_KEY = "record.key";
    static final String MAX_BATCH_SIZE = "max.batch.size";
    static final String POLL_TIMEOUT_MS = "poll.timeout.ms";

    static final String KEY_NONE = "none";
    static final String KEY_MESSAGE_ID = "message.id";
    static final String KEY_CORRELATION_ID = "correlation.id";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(SUBSCRIPTION, Type.STRING, null, Importance.MEDIUM,
                    "For a topic: the name of the shared durable subscription the tasks read (messages published while they "
                            + "are stopped wait in it). Default: the connector's name.")
            .define(SELECTOR, Type.STRING, null, Importance.LOW, "A JMS message selector, e.g. region = 'EU'.")
            .define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The Kafka topic the messages are written to.")
            .define(RECORD_KEY, Type.STRING, KEY_NONE, ValidString.in(KEY_NONE, KEY_MESSAGE_ID, KEY_CORRELATION_ID), Importance.MEDIUM,
                    "The record key: none, message.id (JMSMessageID) or correlation.id (JMSCorrelationID), as a string.")
            .define(MAX_BATCH_SIZE, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "The most messages one poll takes; they are acknowledged to the provider together once Kafka has all their records.")
            .define(POLL_TIMEOUT_MS, Type.INT, 1000, Range.atLeast(1), Importance.LOW,
                    "How long a poll waits for a message, or for Kafka's acknowledgement of the previous batch.");

    JmsSourceConfig(Map<?, ?> props) {
        super(DEF, props);
    }
}
