package io.ferry.connectors.jms;

import io.ferry.connectors.common.TaskGauges;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a queue, or a topic through a shared durable subscription, in a transacted session. A poll takes a batch of
 * messages; the next poll first waits until Kafka has acknowledged every record of that batch ({@link #commitRecord},
 * on the producer's thread) and only then commits the session, which acknowledges the batch to the provider. A task
 * that stops or dies before that leaves the batch uncommitted, and the provider delivers it again: at least once.
 * The session belongs to the task's thread; {@link #stop} only closes the connection, which JMS allows from any thread.
 */
public class JmsSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(JmsSourceTask.class);

    private final Object acknowledgements = new Object();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong committed = new AtomicLong();
    private JmsSourceConfig config;
    /** From the config once, for every message. */
    private String kafkaTopic;
    private String recordKey;
    private volatile Connection connection;
    private Session session;
    private MessageConsumer consumer;
    /** Records of the uncommitted batch, and how many of them Kafka has acknowledged (guarded by acknowledgements). */
    private int inBatch;
    private int acknowledged;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new JmsSourceConfig(props);
        kafkaTopic = config.getString(JmsSourceConfig.KAFKA_TOPIC);
        recordKey = config.getString(JmsSourceConfig.RECORD_KEY);
        TaskGauges.of(context::pluginMetrics)
                .gauge("jms-messages-received-total", "Messages received from the JMS provider.", received::get)
                .gauge("jms-messages-committed-total", "Messages acknowledged to the provider once Kafka had their records.", committed::get);
        connection = JmsConnections.open(config);
        String name = config.getString(JmsConfig.DESTINATION_NAME);
        try {
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
            String selector = config.getString(JmsSourceConfig.SELECTOR);
            if (config.topic()) {
                Topic topic = session.createTopic(name);
                String subscription = config.getString(JmsSourceConfig.SUBSCRIPTION);
                subscription = subscription != null ? subscription : props.getOrDefault("name", "ferry-jms");
                consumer = session.createSharedDurableConsumer(topic, subscription, selector);
            } else {
                Destination queue = session.createQueue(name);
                consumer = session.createConsumer(queue, selector);
            }
            connection.start();
        } catch (JMSException e) {
            close();
            throw new ConnectException("Cannot read the " + config.getString(JmsConfig.DESTINATION_TYPE) + " '" + name + "' at "
                    + config.provider() + ": " + JmsConnections.message(e), e);
        }
        log.info("JMS source task reading the {} '{}' at {}", config.getString(JmsConfig.DESTINATION_TYPE), name, config.provider());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        int timeoutMs = config.getInt(JmsSourceConfig.POLL_TIMEOUT_MS);
        if (!commitWhenAcknowledged(timeoutMs)) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        try {
            Message message = consumer.receive(timeoutMs);
            int max = config.getInt(JmsSourceConfig.MAX_BATCH_SIZE);
            while (message != null) {
                records.add(toRecord(message));
                message = records.size() < max ? consumer.receiveNoWait() : null;
            }
        } catch (JMSException e) {
            if (connection == null) {
                return null; // Stopping: the connection was closed under the receive.
            }
            throw new ConnectException("Cannot receive from " + config.provider() + ": " + JmsConnections.message(e), e);
        }
        synchronized (acknowledgements) {
            inBatch = records.size();
            acknowledged = 0;
        }
        received.addAndGet(records.size());
        return records.isEmpty() ? null : records;
    }

    /** Waits until Kafka has the whole previous batch, then commits it to the provider; false while it does not. */
    private boolean commitWhenAcknowledged(int timeoutMs) throws InterruptedException {
        int batch;
        synchronized (acknowledgements) {
            long deadline = System.currentTimeMillis() + timeoutMs;
            while (acknowledged < inBatch) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                acknowledgements.wait(left);
            }
            batch = inBatch;
        }
        if (batch > 0) {
            try {
                session.commit();
            } catch (JMSException e) {
                throw new ConnectException("Cannot acknowledge " + batch + " messages to " + config.provider()
                        + " (Kafka has them; the provider delivers them again): " + JmsConnections.message(e), e);
            }
            committed.addAndGet(batch);
            synchronized (acknowledgements) {
                inBatch = 0;
                acknowledged = 0;
            }
        }
        return true;
    }

    private SourceRecord toRecord(Message message) throws JMSException {
        SchemaAndValue value = JmsMessages.value(message);
        String key = switch (recordKey) {
            case JmsSourceConfig.KEY_MESSAGE_ID -> message.getJMSMessageID();
            case JmsSourceConfig.KEY_CORRELATION_ID -> message.getJMSCorrelationID();
            default -> null;
        };
        Long timestamp = message.getJMSTimestamp() > 0 ? message.getJMSTimestamp() : null;
        return new SourceRecord(null, null, kafkaTopic, null,
                key == null ? null : Schema.OPTIONAL_STRING_SCHEMA, key, value.schema(), value.value(), timestamp,
                JmsMessages.headers(message));
    }

    /** Kafka has the record (or a transformation dropped it). */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        synchronized (acknowledgements) {
            acknowledged++;
            acknowledgements.notifyAll();
        }
    }

    /** Closing the connection rolls back the uncommitted batch: the provider delivers it again. */
    @Override
    public void stop() {
        close();
    }

    private void close() {
        Connection current = connection;
        connection = null;
        if (current != null) {
            try {
                current.close();
            } catch (JMSException e) {
                log.warn("Closing the JMS connection to {} failed: {}", config.provider(), JmsConnections.message(e));
            }
        }
    }
}
