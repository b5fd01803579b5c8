package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.ClientContexts;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ferry} client against workers that check who calls them, through named contexts. */
class SecuredWorkerClientIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @TempDir
    Path dir;

    private static FerryCommand.Result ferry(List<String> contextArgs, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(contextArgs);
        return FerryCommand.run(all.toArray(String[]::new));
    }

    @Test
    void basicCredentialsOfAContextAreAcceptedAndWrongOnesRefused() {
        // Apache's basic authentication extension; its users are in src/test/resources/basic-auth.
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("worker"))
                .with("rest.extension.classes", "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension")
                .start()) {
            String url = "http://127.0.0.1:" + worker.runtime().restPort();
            ClientContexts contexts = new ClientContexts(dir).basic("ok", url, "admin", "secret").basic("wrong", url, "admin", "nope")
                    .plain("none", url, null);

            FerryCommand.Result ok = ferry(contexts.args("ok"), "get", "connectors");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).startsWith("NAME");

            FerryCommand.Result wrong = ferry(contexts.args("wrong"), "get", "connectors");
            assertThat(wrong.exit()).isEqualTo(5);
            assertThat(wrong.err()).startsWith("ferry: the worker refused the credentials of context 'wrong' (401): ")
                    .doesNotContain("nope").hasLineCount(1);

            FerryCommand.Result none = ferry(contexts.args("none"), "get", "connectors");
            assertThat(none.exit()).isEqualTo(5);
            assertThat(none.err()).startsWith("ferry: the worker needs credentials (401").hasLineCount(1);
        }
    }

    @Test
    void ferrysOwnUsersAndTokensWorkThroughContextsWithTheirRoles() throws Exception {
        Path users = Files.write(dir.resolve("users"), List.of(
                "ops:operate:" + PasswordHash.hashPassword("ops-secret".toCharArray(), 10_000),
                "viewer:read-only:" + PasswordHash.hashPassword("viewer-secret".toCharArray(), 10_000)));
        Path tokens = Files.write(dir.resolve("tokens"), List.of("ci:operate:" + PasswordHash.hashToken("ci-token")));
        Path input = Files.writeString(dir.resolve("in.txt"), "a\n");
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("worker"))
                .with("rest.auth.users.file", users.toString())
                .with("rest.auth.tokens.file", tokens.toString())
                .start()) {
            String url = "http://127.0.0.1:" + worker.runtime().restPort();
            ClientContexts contexts = new ClientContexts(dir).basic("ops", url, "ops", "ops-secret")
                    .basic("viewer", url, "viewer", "viewer-secret").bearer("ci", url, "ci-token")
                    .bearer("stolen", url, "not-the-token");
            Path connector = Files.writeString(dir.resolve("files.json"), "{\"name\": \"files\", \"config\": {"
                    + "\"connector.class\": \"FileStreamSource\", \"file\": \"" + input + "\", \"topic\": \"secured-files\"}}");

            FerryCommand.Result applied = ferry(contexts.args("ci"), "apply", "-f", connector.toString());
            assertThat(applied.exit()).as(applied.err()).isZero();
            FerryCommand.Result patched = ferry(contexts.args("ops"), "patch", "files", "topic=secured-files-2");
            assertThat(patched.exit()).as(patched.err()).isZero();
            assertThat(patched.out()).contains("topic: secured-files -> secured-files-2");

            FerryCommand.Result read = ferry(contexts.args("viewer"), "get", "connectors");
            assertThat(read.exit()).as(read.err()).isZero();
            assertThat(read.out()).contains("files");
            FerryCommand.Result forbidden = ferry(contexts.args("viewer"), "delete", "files");
            assertThat(forbidden.exit()).isEqualTo(5);
            assertThat(forbidden.err()).startsWith("ferry: ").contains("403").hasLineCount(1);

            FerryCommand.Result refused = ferry(contexts.args("stolen"), "get", "connectors");
            assertThat(refused.exit()).isEqualTo(5);
            assertThat(refused.err()).startsWith("ferry: the worker refused the credentials of context 'stolen' (401): ")
                    .doesNotContain("not-the-token");

            FerryCommand.Result deleted = ferry(contexts.args("ops"), "delete", "files");
            assertThat(deleted.exit()).as(deleted.err()).isZero();
            assertThat(ferry(contexts.args("ci"), "get", "connectors").out()).doesNotContain("files");
        }
    }

    @Test
    void aWorkerThatRequiresClientCertificatesAcceptsTheContextsKeystore() throws Exception {
        Path serverKeystore = TestCertificates.keystore(dir.resolve("server.p12"), "127.0.0.1");
        Path serverCertificate = TestCertificates.certificatePem(serverKeystore, dir.resolve("server.pem"));
        Path clientKeystore = TestCertificates.keystore(dir.resolve("client.p12"), "ferry-client");
        Path clientTruststore = TestCertificates.truststore(
                TestCertificates.certificatePem(clientKeystore, dir.resolve("client.pem")), dir.resolve("clients.p12"));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("worker"))
                .with("listeners", "https://127.0.0.1:0")
                .with("listeners.https.ssl.keystore.location", serverKeystore.toString())
                .with("listeners.https.ssl.keystore.password", TestCertificates.PASSWORD)
                .with("listeners.https.ssl.keystore.type", "PKCS12")
                .with("listeners.https.ssl.truststore.location", clientTruststore.toString())
                .with("listeners.https.ssl.truststore.password", TestCertificates.PASSWORD)
                .with("listeners.https.ssl.truststore.type", "PKCS12")
                .with("listeners.https.ssl.client.auth", "required")
                .start()) {
            String url = "https://127.0.0.1:" + worker.runtime().restPort();
            ClientContexts contexts = new ClientContexts(dir)
                    .clientCertificate("mtls", url, clientKeystore, TestCertificates.PASSWORD, serverCertificate)
                    .plain("nocert", url, serverCertificate);

            FerryCommand.Result ok = ferry(contexts.args("mtls"), "get", "plugins");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("FileStreamSourceConnector");

            FerryCommand.Result none = ferry(contexts.args("nocert"), "get", "connectors");
            assertThat(none.exit()).isEqualTo(5);
            assertThat(none.err()).startsWith("ferry: the worker at " + url + " wants a client certificate (TLS: ")
                    .hasLineCount(1);
        }
    }
}
