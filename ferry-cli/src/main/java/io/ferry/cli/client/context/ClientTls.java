package io.ferry.cli.client.context;

import io.ferry.cli.client.ClientException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TLS side of a context, with the JDK alone: a client certificate from a keystore (PKCS12 or JKS) or from PEM
 * certificate and key files, and trust from a keystore or a PEM file of CA certificates. What a context does not give
 * is the JDK's default (its trusted CAs; no client certificate).
 */
final class ClientTls {

    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

    private ClientTls() {
    }

    /** The TLS setup of the context; null when it has no TLS settings, so the JDK's default applies. */
    static SSLContext sslContext(String contextName, WorkerContext context, Map<String, String> environment) {
        if (!context.hasTlsSettings()) {
            return null;
        }
        String where = "context '" + contextName + "'";
        try {
            KeyManagerFactory keys = null;
            if (context.keystore() != null || context.cert() != null) {
                KeyStore store;
                char[] password;
                if (context.keystore() != null) {
                    password = secret(context.keystorePassword(), "the keystore password of " + where, environment);
                    store = load(context.keystore(), password, "keystore", where);
                } else {
                    password = new char[0];
                    store = KeyStore.getInstance("PKCS12");
                    store.load(null, null);
                    List<Certificate> chain = certificates(context.cert(), "certificate", where);
                    store.setKeyEntry("client", privateKey(context.key(), where), password, chain.toArray(Certificate[]::new));
                }
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
            }
            TrustManagerFactory trust = null;
            if (context.truststore() != null) {
                KeyStore store;
                if (isPem(context.truststore())) {
                    store = KeyStore.getInstance("PKCS12");
                    store.load(null, null);
                    int i = 0;
                    for (Certificate certificate : certificates(context.truststore(), "truststore", where)) {
                        store.setCertificateEntry("ca-" + i++, certificate);
                    }
                } else {
                    char[] password = context.truststorePassword() == null ? null
                            : secret(context.truststorePassword(), "the truststore password of " + where, environment);
                    store = load(context.truststore(), password, "truststore", where);
                }
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new ClientException(ClientException.USAGE, "cannot set up TLS for " + where + ": " + e.getMessage());
        }
    }

    private static char[] secret(Secret secret, String what, Map<String, String> environment) {
        if (secret == null) {
            throw new ClientException(ClientException.USAGE, what + " is not set");
        }
        return secret.read(what, environment).toCharArray();
    }

    private static KeyStore load(String file, char[] password, String what, String where) {
        try {
            // The JDK recognises PKCS12 and JKS by their content.
            return KeyStore.getInstance(new File(file), password);
        } catch (GeneralSecurityException | IOException e) {
            throw new ClientException(ClientException.USAGE, "cannot load the " + what + " " + file + " of " + where + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    private static boolean isPem(String file) throws IOException {
        return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1).contains("-----BEGIN ");
    }

    private static List<Certificate> certificates(String file, String what, String where) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        List<Certificate> certificates = new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)));
        if (certificates.isEmpty()) {
            throw new ClientException(ClientException.USAGE, "the " + what + " " + file + " of " + where + " has no certificate");
        }
        return certificates;
    }

    /** An unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY}), the form {@code openssl pkcs8 -topk8 -nocrypt} writes. */
    private static PrivateKey privateKey(String file, String where) throws IOException {
        Matcher pem = PEM_BLOCK.matcher(Files.readString(Path.of(file), StandardCharsets.ISO_8859_1));
        while (pem.find()) {
            if (pem.group(1).equals("PRIVATE KEY")) {
                PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem.group(2).strip()));
                for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                    } catch (GeneralSecurityException notThisAlgorithm) {
                        // try the next
                    }
                }
                throw new ClientException(ClientException.USAGE, "the key " + file + " of " + where
                        + " is not an RSA, EC or EdDSA key the JDK can read");
            }
            if (pem.group(1).endsWith("PRIVATE KEY")) {
                throw new ClientException(ClientException.USAGE, "the key " + file + " of " + where + " is a " + pem.group(1)
                        + "; convert it to unencrypted PKCS#8: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8.pem");
            }
        }
        throw new ClientException(ClientException.USAGE, "the key " + file + " of " + where + " has no PEM private key");
    }
}
