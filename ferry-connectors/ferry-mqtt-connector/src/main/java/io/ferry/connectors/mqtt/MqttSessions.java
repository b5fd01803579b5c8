package io.ferry.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import io.ferry.connectors.common.TlsStores;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Opens an {@link MqttSession} of the configured protocol version, with TLS and automatic reconnection. */
final class MqttSessions {

    private MqttSessions() {
    }

    static MqttSession open(MqttSession.Options options) {
        MqttConfig config = options.config();
        MqttServer server = config.server();
        MqttClientBuilder builder = MqttClient.builder()
                .identifier(options.clientId())
                .serverHost(server.host())
                .serverPort(server.port())
                // Reconnects with growing delays (0.5 s up to 2 min) when the connection drops after it was made.
                .automaticReconnectWithDefaultConfig();
        if (server.tls()) {
            builder = builder.sslConfig(sslConfig(config));
        }
        MqttSessionBase session = config.version5()
                ? new Mqtt5Session(builder.useMqttVersion5(), options)
                : new Mqtt3Session(builder.useMqttVersion3(), options);
        int timeoutMs = config.getInt(MqttConfig.CONNECT_TIMEOUT_MS);
        try {
            session.connect().get(timeoutMs, TimeUnit.MILLISECONDS);
            return session;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            throw new ConnectException("Interrupted while connecting to the MQTT broker at " + server);
        } catch (ExecutionException | TimeoutException e) {
            session.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ConnectException("Cannot connect to the MQTT broker at " + server + " as client '"
                    + options.clientId() + "': " + describe(cause, timeoutMs), cause);
        }
    }

    private static String describe(Throwable cause, int timeoutMs) {
        if (cause instanceof TimeoutException) {
            return "no answer within " + timeoutMs + " ms (" + MqttConfig.CONNECT_TIMEOUT_MS + ")";
        }
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }

    private static MqttClientSslConfig sslConfig(MqttConfig config) {
        TlsStores stores = new TlsStores(config, "mqtt.");
        var ssl = MqttClientSslConfig.builder();
        TrustManagerFactory trust = stores.trustManagers();
        if (trust != null) {
            ssl = ssl.trustManagerFactory(trust);
        }
        KeyManagerFactory keys = stores.keyManagers();
        if (keys != null) {
            ssl = ssl.keyManagerFactory(keys);
        }
        return ssl.build();
    }
}
