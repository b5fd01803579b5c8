package io.ferry.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;

/** Keys and certificates made at test time with the JDK's keytool, as a user would make them. */
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

    /** The keystore's certificate, as PEM. */
    public static Path certificatePem(Path keystore, Path file) throws IOException, InterruptedException {
        keytool("-exportcert", "-rfc", "-alias", "ferry", "-keystore", keystore.toString(), "-storepass", PASSWORD,
                "-file", file.toString());
        return file;
    }

    /** The keystore's private key, as unencrypted PKCS#8 PEM (what {@code openssl pkcs8 -topk8 -nocrypt} writes). */
    public static Path privateKeyPem(Path keystore, Path file) throws IOException, GeneralSecurityException {
        Key key = load(keystore).getKey("ferry", PASSWORD.toCharArray());
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    /** A PKCS12 truststore holding the PEM certificate. */
    public static Path truststore(Path certificatePem, Path file) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certificatePem.toString(), "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD);
        return file;
    }

    public static KeyStore load(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
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
