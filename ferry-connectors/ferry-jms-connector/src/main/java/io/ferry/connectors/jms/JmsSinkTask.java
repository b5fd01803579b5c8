package io.ferry.connectors.jms;

import io.ferry.connectors.common.ErrantRecords;
import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends each batch the worker hands over in one transacted session and commits it before {@link #put} returns, so
 * the worker commits offsets only of records the provider has. A failed send rolls the batch back and fails the
 * task; the worker delivers the records again after a restart. Everything runs on the task's thread.
 */
public class JmsSinkTask extends SinkTask {

    static final String PROPERTY_TOPIC = "KafkaTopic";
    static final String PROPERTY_PARTITION = "KafkaPartition";
    static final String PROPERTY_OFFSET = "KafkaOffset";

    private static final Logger log = LoggerFactory.getLogger(JmsSinkTask.class);
    private static final Set<Class<?>> JMS_MAP_TYPES = Set.of(Boolean.class, Byte.class, Short.class, Character.class, Integer.class,
            Long.class, Float.class, Double.class, String.class, byte[].class);

    private final AtomicLong sent = new AtomicLong();
    private JmsSinkConfig config;
    /** From the config once, for every record. */
    private String format;
    private boolean correlationFromKey;
    private ErrantRecords errant;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JmsSinkConfig(props);
        format = config.getString(JmsSinkConfig.MESSAGE_FORMAT);
        correlationFromKey = "key".equals(config.getString(JmsSinkConfig.CORRELATION_ID));
        errant = new ErrantRecords(context);
        TaskGauges.of(context::pluginMetrics)
                .gauge("jms-messages-sent-total", "Records sent and committed to the JMS provider.", sent::get)
                .gauge("jms-messages-refused-total", "Records that could not be made into a message.", errant::refused);
        connection = JmsConnections.open(config);
        String name = config.getString(JmsConfig.DESTINATION_NAME);
        try {
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            producer = session.createProducer(config.topic() ? session.createTopic(name) : session.createQueue(name));
            producer.setDeliveryMode("persistent".equals(config.getString(JmsSinkConfig.DELIVERY_MODE))
                    ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT);
            producer.setPriority(config.getInt(JmsSinkConfig.PRIORITY));
            producer.setTimeToLive(config.getLong(JmsSinkConfig.TIME_TO_LIVE_MS));
        } catch (JMSException e) {
            stop();
            throw new ConnectException("Cannot send to the " + config.getString(JmsConfig.DESTINATION_TYPE) + " '" + name + "' at "
                    + config.provider() + ": " + JmsConnections.message(e), e);
        }
        log.info("JMS sink task sending {} messages to the {} '{}' at {}", config.getString(JmsSinkConfig.MESSAGE_FORMAT),
                config.getString(JmsConfig.DESTINATION_TYPE), name, config.provider());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        int inSession = 0;
        try {
            for (SinkRecord record : records) {
                Message message;
                try {
                    message = toMessage(record);
                } catch (DataException e) {
                    errant.refuse(record, new DataException("Cannot make a JMS message of the record from " + record.topic() + "-"
                            + record.kafkaPartition() + " at offset " + record.kafkaOffset() + ": " + e.getMessage(), e));
                    continue;
                }
                producer.send(message);
                inSession++;
            }
            session.commit();
            sent.addAndGet(inSession);
        } catch (JMSException e) {
            try {
                session.rollback();
            } catch (JMSException rollback) {
                e.addSuppressed(rollback);
            }
            throw new ConnectException("Cannot send to " + config.provider() + ": " + JmsConnections.message(e), e);
        }
    }

    private Message toMessage(SinkRecord record) throws JMSException {
        Object value = record.value();
        Message message = switch (format) {
            case JmsSinkConfig.FORMAT_BYTES -> {
                var bytes = session.createBytesMessage();
                bytes.writeBytes(RecordValues.toBytes(value));
                yield bytes;
            }
            case JmsSinkConfig.FORMAT_MAP -> map(value);
            default -> session.createTextMessage(value == null ? null
                    : new String(RecordValues.toBytes(value), StandardCharsets.UTF_8));
        };
        if (correlationFromKey && record.key() != null) {
            message.setJMSCorrelationID(RecordValues.text(record.key()));
        }
        message.setStringProperty(PROPERTY_TOPIC, record.topic());
        message.setIntProperty(PROPERTY_PARTITION, record.kafkaPartition());
        message.setLongProperty(PROPERTY_OFFSET, record.kafkaOffset());
        return message;
    }

    private MapMessage map(Object value) throws JMSException {
        Object plain = RecordValues.plain(value);
        if (!(plain instanceof Map<?, ?> fields)) {
            throw new DataException("jms.message.format=map needs a struct or a map as the value, not "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
        MapMessage map = session.createMapMessage();
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            Object v = field.getValue();
            if (v == null) {
                continue;
            }
            // JMS maps hold primitives, strings and bytes: nested structures go as JSON text, other values as their text.
            map.setObject(String.valueOf(field.getKey()), v instanceof Map || v instanceof List ? new String(RecordValues.toJson(v), StandardCharsets.UTF_8)
                    : JMS_MAP_TYPES.contains(v.getClass()) ? v : String.valueOf(v));
        }
        return map;
    }

    @Override
    public void stop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException e) {
                log.warn("Closing the JMS connection to {} failed: {}", config.provider(), JmsConnections.message(e));
            }
        }
    }
}
