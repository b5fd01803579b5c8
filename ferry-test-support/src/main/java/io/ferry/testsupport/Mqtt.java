package io.ferry.testsupport;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The machine's Mosquitto (127.0.0.1:1883, started by .ci/services.sh), from the tests' side. */
public final class Mqtt implements AutoCloseable {

    public static final String URI = "tcp://127.0.0.1:1883";
    /** The same broker's second listener: TLS, and only for {@link #TLS_USER} with {@link #TLS_PASSWORD}. */
    public static final String TLS_URI = "ssl://127.0.0.1:8883";
    public static final String TLS_USER = "ferry";
    public static final String TLS_PASSWORD = "ferry-secret";
    /** The listener's self-signed certificate (PEM), made by .ci/services.sh. */
    public static final Path TLS_CERTIFICATE = Path.of("/etc/mosquitto/ferry/server.crt");

    private final Mqtt5BlockingClient client;

    private Mqtt(Mqtt5BlockingClient client) {
        this.client = client;
    }

    /** A clean-session client; skips the test when no broker listens. */
    public static Mqtt connect(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        try {
            client.connectWith().cleanStart(true).send();
        } catch (RuntimeException e) {
            assumeTrue(false, "Mosquitto at 127.0.0.1:1883 (started by .ci/services.sh): " + e);
        }
        return new Mqtt(client);
    }

    /** Publishes at QoS 1. */
    public void publish(String topic, String payload) {
        publish(topic, payload, 1);
    }

    public void publish(String topic, String payload, int qos) {
        client.publishWith().topic(topic).qos(MqttQos.fromCode(qos)).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    /** Collects what arrives on the filter, at QoS 1. */
    public Received subscribe(String filter) {
        Mqtt5Publishes publishes = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return new Received(publishes);
    }

    /** Messages received, drained as they are asked for. */
    public static final class Received {
        private final Mqtt5Publishes publishes;
        private final List<String[]> messages = new ArrayList<>();

        private Received(Mqtt5Publishes publishes) {
            this.publishes = publishes;
        }

        /** Every message so far, each as {topic, payload}. */
        public synchronized List<String[]> drain() throws InterruptedException {
            Optional<Mqtt5Publish> next;
            while ((next = publishes.receive(10, TimeUnit.MILLISECONDS)).isPresent()) {
                messages.add(new String[] {next.get().getTopic().toString(), new String(next.get().getPayloadAsBytes(), StandardCharsets.UTF_8)});
            }
            return List.copyOf(messages);
        }
    }

    /**
     * A PKCS12 trust store (password {@link TestCertificates#PASSWORD}) of the TLS listener's certificate; skips the
     * test when .ci/services.sh has not made one.
     */
    public static Path tlsTruststore(Path dir) throws Exception {
        assumeTrue(Files.isReadable(TLS_CERTIFICATE), "Mosquitto's TLS listener (set up by .ci/services.sh)");
        return TestCertificates.truststore(TLS_CERTIFICATE, dir.resolve("mosquitto-truststore.p12"));
    }

    /** Ends a persistent session a connector's task left with the broker (connecting clean as that client). */
    public static void endSession(String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        client.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
        client.disconnect();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
