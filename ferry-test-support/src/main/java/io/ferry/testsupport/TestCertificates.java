package io.ferry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;

/**
 * Keys and certificates made at test time as a user would make them: key pairs with the JDK's keytool, and the PEM files
 * and truststores openssl or keytool would derive from them (derived in this JVM, which is quicker than more keytool runs).
 */
public final class TestCertificates {

    public static final String PASSWORD = "changeit";

    private TestCertificates() {
    }

    /**
     * A PKCS12 keystore with one EC key pair (quick to make) and a self-signed certificate for 127.0.0.1 and localhost
     * (alias "ferry"), password {@link #PASSWORD}.
     */
    public static Path keystore(Path file, String commonName) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", "ferry", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + commonName, "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return file;
    }

    /** The keystore's certificate, as PEM (what {@code keytool -exportcert -rfc} writes). */
    public static Path certificatePem(Path keystore, Path file) throws IOException, GeneralSecurityException {
        Certificate certificate = load(keystore).getCertificate("ferry");
        Files.writeString(file, pem("CERTIFICATE", certificate.getEncoded()));
        return file;
    }

    /** The keystore's private key, as unencrypted PKCS#8 PEM (what {@code openssl pkcs8 -topk8 -nocrypt} writes). */
    public static Path privateKeyPem(Path keystore, Path file) throws IOException, GeneralSecurityException {
        Key key = load(keystore).getKey("ferry", PASSWORD.toCharArray());
        Files.writeString(file, pem("PRIVATE KEY", key.getEncoded()));
        return file;
    }

    /** A PKCS12 truststore (password {@link #PASSWORD}) holding the PEM certificate, as {@code keytool -importcert} makes. */
    public static Path truststore(Path certificatePem, Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(certificatePem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    public static KeyStore load(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
