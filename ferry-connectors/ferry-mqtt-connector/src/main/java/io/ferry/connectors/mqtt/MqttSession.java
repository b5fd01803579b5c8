package io.ferry.connectors.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** One connected MQTT client, MQTT 5 or 3.1.1 behind the same few operations the connectors need. */
interface MqttSession extends AutoCloseable {

    /** Subscribes to the filters; messages arrive at the handler given when the session was opened. */
    CompletableFuture<Void> subscribe(List<String> topicFilters, int qos);

    /** Publishes; the future completes when the broker acknowledged the message (QoS 1 and 2) or it was sent (QoS 0). */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** Whether the broker still held this client's session (its subscriptions and undelivered messages). */
    boolean sessionPresent();

    /** Disconnects; a persistent session stays with the broker, with the messages not acknowledged yet. */
    @Override
    void close();

    /** What a session needs to be opened. {@code onMessage} is null for a client that only publishes. */
    record Options(MqttConfig config, String clientId, long sessionExpirySeconds, Consumer<ReceivedMessage> onMessage) {
    }
}
