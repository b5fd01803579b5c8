package io.ferry.connectors.mqtt;

import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One MQTT session, subscribed to the task's filters. The MQTT client's thread puts arriving messages in a bounded
 * buffer; the task's thread turns them into records in {@link #poll}; the producer's thread reports Kafka's
 * acknowledgement in {@link #commitRecord}, which acknowledges the message to the broker, in arrival order.
 * Messages carry no offset: the broker keeps the place, as the unacknowledged messages of a persistent session.
 */
public class MqttSourceTask extends SourceTask {

    static final String HEADER_TOPIC = "mqtt.topic";
    static final String HEADER_QOS = "mqtt.qos";
    static final String HEADER_RETAINED = "mqtt.retained";

    private static final Logger log = LoggerFactory.getLogger(MqttSourceTask.class);

    /** A message and, for QoS 1 and 2, its place among those awaiting acknowledgement. */
    private record Arrival(ReceivedMessage message, Acknowledgements.Pending pending) {
    }

    private final Acknowledgements acknowledgements = new Acknowledgements();
    /** Records returned by poll whose messages await acknowledgement, by identity: the runtime hands back the same objects. */
    private final Map<SourceRecord, Acknowledgements.Pending> pendingByRecord = Collections.synchronizedMap(new IdentityHashMap<>());
    private final AtomicLong received = new AtomicLong();
    private MqttSourceConfig config;
    /** Per record, from the config once: the Kafka topic, whether the MQTT topic is the key, whether the value is text. */
    private String kafkaTopic;
    private boolean keyed;
    private boolean text;
    private BlockingQueue<Arrival> buffer;
    private volatile boolean stopping;
    private volatile MqttSession session;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSourceConfig(props);
        kafkaTopic = config.getString(MqttSourceConfig.KAFKA_TOPIC);
        keyed = MqttSourceConfig.KEY_MQTT_TOPIC.equals(config.getString(MqttSourceConfig.RECORD_KEY));
        text = MqttSourceConfig.VALUE_STRING.equals(config.getString(MqttSourceConfig.RECORD_VALUE));
        buffer = new LinkedBlockingQueue<>(config.getInt(MqttSourceConfig.MAX_BUFFERED_MESSAGES));
        TaskGauges.of(context::pluginMetrics)
                .gauge("mqtt-messages-received-total", "Messages received from the MQTT broker.", received::get)
                .gauge("mqtt-messages-acknowledged-total", "Messages acknowledged to the broker once Kafka had their records.",
                        acknowledgements::acknowledgedTotal)
                .gauge("mqtt-messages-unacknowledged", "Messages received and not acknowledged yet.", acknowledgements::outstanding);
        String clientId = config.clientIdPrefix(props);
        long expiry = config.getLong(MqttSourceConfig.SESSION_EXPIRY_SECONDS);
        session = MqttSessions.open(new MqttSession.Options(config, clientId, expiry, this::arrived));
        List<String> filters = config.topicFilters();
        try {
            session.subscribe(filters, config.qos()).get(config.getInt(MqttConfig.CONNECT_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while subscribing to " + filters);
        } catch (ExecutionException | TimeoutException e) {
            session.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConnectException("Cannot subscribe to " + filters + " at " + config.server() + ": " + cause.getMessage(), cause);
        }
        log.info("MQTT source task subscribed to {} at QoS {} on {} as client '{}' ({} session)", filters, config.qos(),
                config.server(), clientId, session.sessionPresent() ? "resumed" : "new");
    }

    /** On the MQTT client's thread. Waits while the buffer is full, so the broker holds what follows. */
    private void arrived(ReceivedMessage message) {
        received.incrementAndGet();
        Acknowledgements.Pending pending = message.qos() > 0 ? acknowledgements.arrived(message.acknowledge()) : null;
        Arrival arrival = new Arrival(message, pending);
        try {
            while (!stopping && !buffer.offer(arrival, 100, TimeUnit.MILLISECONDS)) {
                // The task is behind: wait for room.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        Arrival first = buffer.poll(config.getInt(MqttSourceConfig.POLL_TIMEOUT_MS), TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        List<Arrival> arrivals = new ArrayList<>();
        arrivals.add(first);
        buffer.drainTo(arrivals, config.getInt(MqttSourceConfig.MAX_BATCH_SIZE) - 1);
        List<SourceRecord> records = new ArrayList<>(arrivals.size());
        for (Arrival arrival : arrivals) {
            SourceRecord record = toRecord(arrival.message());
            if (arrival.pending() != null) {
                pendingByRecord.put(record, arrival.pending());
            }
            records.add(record);
        }
        return records;
    }

    private SourceRecord toRecord(ReceivedMessage message) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString(HEADER_TOPIC, message.topic());
        headers.addInt(HEADER_QOS, message.qos());
        headers.addBoolean(HEADER_RETAINED, message.retained());
        for (Map.Entry<String, String> property : message.userProperties()) {
            headers.addString(property.getKey(), property.getValue());
        }
        return new SourceRecord(null, null, kafkaTopic, null,
                keyed ? Schema.STRING_SCHEMA : null, keyed ? message.topic() : null,
                text ? Schema.STRING_SCHEMA : Schema.BYTES_SCHEMA,
                text ? new String(message.payload(), StandardCharsets.UTF_8) : message.payload(),
                null, headers);
    }

    /** Kafka has the record (or a transformation dropped it, metadata null): the message may be acknowledged. */
    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        Acknowledgements.Pending pending = pendingByRecord.remove(record);
        if (pending != null) {
            acknowledgements.done(pending);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        MqttSession current = session;
        if (current != null) {
            current.close();
        }
        int unacknowledged = acknowledgements.outstanding();
        acknowledgements.forgetOutstanding();
        pendingByRecord.clear();
        if (buffer != null) {
            buffer.clear();
        }
        if (unacknowledged > 0) {
            log.info("MQTT source task stopped with {} messages not acknowledged; the broker delivers them again", unacknowledged);
        }
    }
}
