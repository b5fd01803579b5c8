package io.ferry.runtime.rest;

import io.ferry.runtime.config.WorkerConfig;
import org.apache.kafka.connect.errors.ConnectException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;

/**
 * The TLS settings of the REST API, as Apache Kafka Connect reads them: the keys under a listener prefix
 * ({@code listeners.https.}) when any is set, and then only those; otherwise the worker's top-level {@code ssl.*} keys.
 * The listeners serve with them, and a worker uses them again when it calls another worker of its cluster.
 */
final class TlsSettings {

    private final Map<String, String> ssl;
    private final String prefix;

    private TlsSettings(Map<String, String> ssl, String prefix) {
        this.ssl = ssl;
        this.prefix = prefix;
    }

    static TlsSettings of(WorkerConfig config, String prefix) {
        Map<String, String> all = config.originalStrings();
        Map<String, String> ssl = new HashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix + "ssl.")) {
                ssl.put(k.substring(prefix.length()), v);
            }
        });
        if (ssl.isEmpty()) {
            all.forEach((k, v) -> {
                if (k.startsWith("ssl.")) {
                    ssl.put(k, v);
                }
            });
        }
        ssl.putIfAbsent("ssl.client.auth", config.getString("ssl.client.auth"));
        return new TlsSettings(ssl, prefix);
    }

    String get(String key) {
        return ssl.get(key);
    }

    String get(String key, String defaultValue) {
        return ssl.getOrDefault(key, defaultValue);
    }

    /**
     * The context a worker calls other workers' HTTPS listeners with: their certificates checked against
     * {@code ssl.truststore.location} (the JVM's trust store when unset), this worker's own key offered when
     * {@code ssl.keystore.location} is set, and host names checked unless {@code ssl.endpoint.identification.algorithm}
     * is empty.
     */
    SSLContext clientContext() {
        try {
            KeyManager[] keyManagers = null;
            String keystore = get("ssl.keystore.location");
            if (keystore != null) {
                String storePassword = get("ssl.keystore.password");
                String keyPassword = get("ssl.key.password", storePassword);
                KeyManagerFactory factory = KeyManagerFactory.getInstance(get("ssl.keymanager.algorithm",
                        KeyManagerFactory.getDefaultAlgorithm()));
                factory.init(load(keystore, get("ssl.keystore.type", "JKS"), storePassword),
                        keyPassword == null ? null : keyPassword.toCharArray());
                keyManagers = factory.getKeyManagers();
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(get("ssl.trustmanager.algorithm",
                    TrustManagerFactory.getDefaultAlgorithm()));
            String truststore = get("ssl.truststore.location");
            trust.init(truststore == null ? null : load(truststore, get("ssl.truststore.type", "JKS"), get("ssl.truststore.password")));
            TrustManager[] trustManagers = trust.getTrustManagers();
            if (get("ssl.endpoint.identification.algorithm", "https").isBlank()) {
                for (int i = 0; i < trustManagers.length; i++) {
                    if (trustManagers[i] instanceof X509ExtendedTrustManager checked) {
                        trustManagers[i] = new WithoutHostNameCheck(checked);
                    }
                }
            }
            SSLContext context = SSLContext.getInstance(get("ssl.protocol", "TLSv1.3"));
            context.init(keyManagers, trustManagers, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConnectException("Could not set up TLS for calls to other workers (" + prefix + "ssl.*): " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, String password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.toCharArray());
        }
        return store;
    }

    /** Checks the certificate chain but not that it names the host; the caller asked for no endpoint identification. */
    private static final class WithoutHostNameCheck extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager delegate;

        WithoutHostNameCheck(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            delegate.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
