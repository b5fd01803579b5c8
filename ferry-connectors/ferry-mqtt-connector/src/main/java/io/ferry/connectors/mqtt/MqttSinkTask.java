package io.ferry.connectors.mqtt;

import io.ferry.connectors.common.ErrantRecords;
import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes records as they come and lets up to {@code max.in.flight.messages} await the broker's acknowledgement;
 * {@link #flush} waits for all of them, so the worker commits offsets only of records the broker has. A record the
 * broker refuses, or whose topic cannot be made, goes to the dead letter queue when the connector has one (else the
 * task fails). Everything here runs on the task's thread; the MQTT client completes the futures on its own.
 */
public class MqttSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MqttSinkTask.class);

    private record InFlight(SinkRecord record, CompletableFuture<Void> acknowledged) {
    }

    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    private final AtomicLong published = new AtomicLong();
    private MqttSinkConfig config;
    /** From the config once, for every record. */
    private int qos;
    private boolean retain;
    private int maxInFlight;
    private TopicTemplate topics;
    private ErrantRecords errant;
    private MqttSession session;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MqttSinkConfig(props);
        qos = config.qos();
        retain = config.getBoolean(MqttSinkConfig.RETAIN);
        maxInFlight = config.getInt(MqttSinkConfig.MAX_IN_FLIGHT);
        topics = new TopicTemplate(config.getString(MqttSinkConfig.TOPIC), config.getString(MqttSinkConfig.TOPIC_HEADER));
        errant = new ErrantRecords(context);
        TaskGauges.of(context::pluginMetrics)
                .gauge("mqtt-messages-published-total", "Records published and acknowledged by the MQTT broker.", published::get)
                .gauge("mqtt-messages-refused-total", "Records the broker refused or that had no valid MQTT topic.", errant::refused)
                .gauge("mqtt-messages-in-flight", "Records published and not acknowledged yet.", inFlight::size);
        String clientId = config.clientIdPrefix(props);
        session = MqttSessions.open(new MqttSession.Options(config, clientId, 0, null));
        log.info("MQTT sink task publishing at QoS {} to {} as client '{}'", config.qos(), config.server(), clientId);
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        for (SinkRecord record : records) {
            String topic = topics.topicOf(record);
            String problem = topic == null ? "the record has no key for ${key} in " + MqttSinkConfig.TOPIC : TopicFilters.publishProblem(topic);
            if (problem != null) {
                errant.refuse(record, new DataException("Cannot publish the record from " + record.topic() + "-" + record.kafkaPartition()
                        + " at offset " + record.kafkaOffset() + ": " + problem + (topic != null ? " ('" + topic + "')" : "")));
                continue;
            }
            byte[] payload = RecordValues.toBytes(record.value());
            inFlight.addLast(new InFlight(record, session.publish(topic, payload, qos, retain)));
            while (inFlight.size() >= maxInFlight) {
                settleOldest();
            }
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged().isDone()) {
            settleOldest();
        }
    }

    /** Waits until the broker acknowledged everything published, so that the worker may commit these offsets. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        while (!inFlight.isEmpty()) {
            settleOldest();
        }
        errant.awaitReports();
    }

    private void settleOldest() {
        InFlight oldest = inFlight.peekFirst();
        try {
            oldest.acknowledged().get(config.getInt(MqttSinkConfig.PUBLISH_TIMEOUT_MS), TimeUnit.MILLISECONDS);
            published.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for the MQTT broker's acknowledgement");
        } catch (TimeoutException e) {
            // Left in flight: the commit fails, the worker delivers the records again, and they are published again.
            throw new ConnectException("The MQTT broker at " + config.server() + " acknowledged nothing within "
                    + config.getInt(MqttSinkConfig.PUBLISH_TIMEOUT_MS) + " ms (" + MqttSinkConfig.PUBLISH_TIMEOUT_MS + ")");
        } catch (ExecutionException e) {
            errant.refuse(oldest.record(), new ConnectException("The MQTT broker refused the record from " + oldest.record().topic()
                    + "-" + oldest.record().kafkaPartition() + " at offset " + oldest.record().kafkaOffset() + ": "
                    + e.getCause().getMessage(), e.getCause()));
        }
        inFlight.pollFirst();
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
    }
}
