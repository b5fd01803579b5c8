package io.ferry.connectors.common;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.errors.ConnectException;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A connector's TLS key and trust stores, under its own prefix ({@code mqtt.ssl.truststore.location},
 * {@code http.ssl.keystore.password}, ...), named and typed as Kafka's own {@code ssl.*} keys.
 */
public final class TlsStores {

    public static final String TRUSTSTORE_LOCATION = "ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "ssl.keystore.type";
    public static final String KEY_PASSWORD = "ssl.key.password";

    private final AbstractConfig config;
    private final String prefix;

    public TlsStores(AbstractConfig config, String prefix) {
        this.config = config;
        this.prefix = prefix;
    }

    /** Defines the seven keys under {@code prefix} in {@code group}. */
    public static ConfigDef define(ConfigDef def, String prefix, String group) {
        int order = 0;
        return def
                .define(prefix + TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "A trust store with the certificates that sign the server's; default: the JVM's trusted ones.",
                        group, ++order, ConfigDef.Width.LONG, "Trust store")
                .define(prefix + TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The trust store's password.",
                        group, ++order, ConfigDef.Width.MEDIUM, "Trust store password")
                .define(prefix + TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "The trust store's format: PKCS12 or JKS.",
                        group, ++order, ConfigDef.Width.SHORT, "Trust store type")
                .define(prefix + KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                        "A key store with the client's certificate and key, for servers that want client certificates.",
                        group, ++order, ConfigDef.Width.LONG, "Key store")
                .define(prefix + KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The key store's password.",
                        group, ++order, ConfigDef.Width.MEDIUM, "Key store password")
                .define(prefix + KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "The key store's format: PKCS12 or JKS.",
                        group, ++order, ConfigDef.Width.SHORT, "Key store type")
                .define(prefix + KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                        "The key's password, if it differs from the key store's.", group, ++order, ConfigDef.Width.MEDIUM, "Key password");
    }

    /** The configured trust store's managers, or null for the JVM's defaults. */
    public TrustManagerFactory trustManagers() {
        String location = config.getString(prefix + TRUSTSTORE_LOCATION);
        if (location == null) {
            return null;
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(location, config.getString(prefix + TRUSTSTORE_TYPE), password(TRUSTSTORE_PASSWORD)));
            return trust;
        } catch (Exception e) {
            throw new ConnectException("Cannot read the trust store " + location + " (" + prefix + TRUSTSTORE_LOCATION + "): " + e.getMessage(), e);
        }
    }

    /** The configured key store's managers, or null when there is none. */
    public KeyManagerFactory keyManagers() {
        String location = config.getString(prefix + KEYSTORE_LOCATION);
        if (location == null) {
            return null;
        }
        try {
            String storePassword = password(KEYSTORE_PASSWORD);
            String keyPassword = password(KEY_PASSWORD);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(location, config.getString(prefix + KEYSTORE_TYPE), storePassword),
                    chars(keyPassword != null ? keyPassword : storePassword));
            return keys;
        } catch (Exception e) {
            throw new ConnectException("Cannot read the key store " + location + " (" + prefix + KEYSTORE_LOCATION + "): " + e.getMessage(), e);
        }
    }

    /** An SSL context with both, for clients that take one (Java's HTTP client). */
    public SSLContext sslContext() {
        TrustManagerFactory trust = trustManagers();
        KeyManagerFactory keys = keyManagers();
        try {
            if (trust == null && keys == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new ConnectException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private String password(String key) {
        Password password = config.getPassword(prefix + key);
        return password == null ? null : password.value();
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
