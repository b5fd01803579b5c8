package io.ferry.cli.client;

import io.ferry.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.ferry.cli.client.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

/** Each kind of credentials a context holds, as a real HTTP(S) server receives it, and the worker's refusals as users see them. */
class SecuredWorkerClientTest {

    @TempDir
    static Path certs;
    static Path serverKeystore;
    static Path serverCertPem;
    static Path serverTruststore;
    static Path clientKeystore;
    static Path clientCertPem;
    static Path clientKeyPem;
    static Path clientTruststore;
    static Path strangerKeystore;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        serverKeystore = TestCertificates.keystore(certs.resolve("server.p12"), "127.0.0.1");
        serverCertPem = TestCertificates.certificatePem(serverKeystore, certs.resolve("server.pem"));
        serverTruststore = TestCertificates.truststore(serverCertPem, certs.resolve("server-trust.p12"));
        clientKeystore = TestCertificates.keystore(certs.resolve("client.p12"), "ferry-client");
        clientCertPem = TestCertificates.certificatePem(clientKeystore, certs.resolve("client.pem"));
        clientKeyPem = TestCertificates.privateKeyPem(clientKeystore, certs.resolve("client-key.pem"));
        clientTruststore = TestCertificates.truststore(clientCertPem, certs.resolve("client-trust.p12"));
        strangerKeystore = TestCertificates.keystore(certs.resolve("stranger.p12"), "stranger");
    }

    private Path config() {
        return dir.resolve("contexts.json");
    }

    private Path secret(String name, String value) throws Exception {
        return Files.writeString(dir.resolve(name), value);
    }

    private void context(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("context", "set", name, "--config", config().toString()));
        args.addAll(List.of(options));
        CliRun set = ferry(args.toArray(String[]::new));
        assertThat(set.exit()).as(set.err()).isZero();
    }

    private CliRun getConnectors(String context) {
        return ferry("get", "connectors", "--config", config().toString(), "--context", context);
    }

    @Test
    void basicCredentialsAreSentInTheAuthorizationHeader() throws Exception {
        try (TestWorker worker = TestWorker.http()) {
            context("dev", "--url", worker.url(), "--user", "alice", "--password-file", secret("pw", "s3cr:et ü\n").toString());
            CliRun run = getConnectors("dev");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(worker.seen()).singleElement().extracting(TestWorker.Seen::authorization).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("alice:s3cr:et ü".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void bearerTokenIsSentInTheAuthorizationHeader() throws Exception {
        try (TestWorker worker = TestWorker.http()) {
            context("dev", "--url", worker.url(), "--token-file", secret("token", "tok-123\n").toString());
            assertThat(getConnectors("dev").exit()).isZero();
            assertThat(worker.seen()).singleElement().extracting(TestWorker.Seen::authorization).isEqualTo("Bearer tok-123");
        }
    }

    @Test
    void withoutCredentialsNoAuthorizationIsSent() throws Exception {
        try (TestWorker worker = TestWorker.http()) {
            context("dev", "--url", worker.url());
            assertThat(getConnectors("dev").exit()).isZero();
            assertThat(worker.seen()).singleElement().extracting(TestWorker.Seen::authorization).isNull();
        }
    }

    @Test
    void refusedCredentialsAreOneLineWithExitStatus5() throws Exception {
        try (TestWorker worker = TestWorker.http()) {
            context("prod", "--url", worker.url(), "--user", "alice", "--password-file", secret("pw", "wrong").toString());
            worker.answer(401, "{\"error_code\":401,\"message\":\"Invalid credentials\"}", Map.of("WWW-Authenticate", "Basic realm=\"connect\""));
            CliRun refused = getConnectors("prod");
            assertThat(refused.exit()).isEqualTo(5);
            assertThat(refused.err()).isEqualTo("ferry: the worker refused the credentials of context 'prod' (401): Invalid credentials\n");

            worker.answer(403, "{\"error_code\":403,\"message\":\"alice may not do this\"}", Map.of());
            CliRun forbidden = ferry("delete", "conn", "--config", config().toString(), "--context", "prod");
            assertThat(forbidden.exit()).isEqualTo(5);
            assertThat(forbidden.err()).isEqualTo(
                    "ferry: the worker does not allow this request to the credentials of context 'prod' (403): alice may not do this\n");
        }
    }

    @Test
    void aWorkerThatWantsCredentialsSaysWhichKind() throws Exception {
        try (TestWorker worker = TestWorker.http()) {
            worker.answer(401, "{\"error_code\":401,\"message\":\"Authentication required\"}", Map.of("WWW-Authenticate", "Bearer"));
            CliRun refused = ferry("get", "connectors", "--url", worker.url(), "--config", config().toString());
            assertThat(refused.exit()).isEqualTo(5);
            assertThat(refused.err()).isEqualTo("ferry: the worker needs credentials (401, it asks for Bearer): "
                    + "Authentication required; give them with a context (ferry context set) or FERRY_TOKEN\n");
        }
    }

    @Test
    void httpsWorkerIsTrustedThroughAPemOrKeystoreTruststore() throws Exception {
        try (TestWorker worker = TestWorker.https(serverKeystore, null)) {
            context("pem", "--url", worker.url(), "--truststore", serverCertPem.toString());
            CliRun pem = getConnectors("pem");
            assertThat(pem.exit()).as(pem.err()).isZero();

            context("p12", "--url", worker.url(), "--truststore", serverTruststore.toString(),
                    "--truststore-password-file", secret("trustpw", TestCertificates.PASSWORD).toString());
            CliRun p12 = getConnectors("p12");
            assertThat(p12.exit()).as(p12.err()).isZero();
            assertThat(worker.seen()).hasSize(2).allSatisfy(seen -> assertThat(seen.clientCertificate()).isNull());

            context("untrusting", "--url", worker.url());
            CliRun untrusted = getConnectors("untrusting");
            assertThat(untrusted.exit()).isEqualTo(3);
            assertThat(untrusted.err()).startsWith("ferry: cannot verify the certificate of the worker at " + worker.url() + ": ")
                    .endsWith(" (give its CA with ferry context set --truststore)\n");
        }
    }

    @Test
    void clientCertificateFromAKeystoreIsPresented() throws Exception {
        try (TestWorker worker = TestWorker.https(serverKeystore, clientTruststore)) {
            context("mtls", "--url", worker.url(), "--truststore", serverCertPem.toString(),
                    "--keystore", clientKeystore.toString(), "--keystore-password-file", secret("kspw", TestCertificates.PASSWORD).toString());
            CliRun run = getConnectors("mtls");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(worker.seen()).singleElement().extracting(TestWorker.Seen::clientCertificate).isEqualTo("CN=ferry-client");
        }
    }

    @Test
    void clientCertificateFromPemFilesIsPresented() throws Exception {
        try (TestWorker worker = TestWorker.https(serverKeystore, clientTruststore)) {
            context("mtls", "--url", worker.url(), "--truststore", serverCertPem.toString(),
                    "--cert", clientCertPem.toString(), "--key", clientKeyPem.toString());
            CliRun run = getConnectors("mtls");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(worker.seen()).singleElement().extracting(TestWorker.Seen::clientCertificate).isEqualTo("CN=ferry-client");
        }
    }

    @Test
    void aMissingOrUntrustedClientCertificateIsARefusal() throws Exception {
        try (TestWorker worker = TestWorker.https(serverKeystore, clientTruststore)) {
            context("nocert", "--url", worker.url(), "--truststore", serverCertPem.toString());
            CliRun missing = getConnectors("nocert");
            assertThat(missing.exit()).as(missing.err()).isEqualTo(5);
            assertThat(missing.err()).startsWith("ferry: the worker at " + worker.url() + " wants a client certificate (TLS: ");

            context("stranger", "--url", worker.url(), "--truststore", serverCertPem.toString(),
                    "--keystore", strangerKeystore.toString(), "--keystore-password-file", secret("kspw", TestCertificates.PASSWORD).toString());
            CliRun stranger = getConnectors("stranger");
            assertThat(stranger.exit()).as(stranger.err()).isEqualTo(5);
            assertThat(stranger.err()).startsWith("ferry: the worker at " + worker.url() + " refused the client certificate of context 'stranger' (TLS: ");
            assertThat(worker.seen()).isEmpty();
        }
    }
}
