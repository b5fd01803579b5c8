package io.ferry.connectors.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
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
        try {
            var ssl = MqttClientSslConfig.builder();
            String trustStore = config.getString(MqttConfig.TRUSTSTORE_LOCATION);
            if (trustStore != null) {
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(trustStore, config.getString(MqttConfig.TRUSTSTORE_TYPE), config.password(MqttConfig.TRUSTSTORE_PASSWORD)));
                ssl = ssl.trustManagerFactory(trust);
            }
            String keyStore = config.getString(MqttConfig.KEYSTORE_LOCATION);
            if (keyStore != null) {
                String storePassword = config.password(MqttConfig.KEYSTORE_PASSWORD);
                String keyPassword = config.password(MqttConfig.KEY_PASSWORD);
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyStore, config.getString(MqttConfig.KEYSTORE_TYPE), storePassword),
                        chars(keyPassword != null ? keyPassword : storePassword));
                ssl = ssl.keyManagerFactory(keys);
            }
            return ssl.build();
        } catch (Exception e) {
            throw new ConnectException("Cannot set up TLS for the MQTT connection: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, String password) throws Exception {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, chars(password));
        }
        return store;
    }

    private static char[] chars(String password) {
        return password == null ? null : password.toCharArray();
    }
}
