package io.ferry.it;

import io.ferry.cli.FerryCli;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.ClientContexts;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code ferry} client against workers that check who calls them, through named contexts. */
class SecuredWorkerClientIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {
    }

    private static Result ferry(List<String> contextArgs, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(contextArgs);
        CommandLine cli = FerryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
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

            Result ok = ferry(contexts.args("ok"), "get", "connectors");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).startsWith("NAME");

            Result wrong = ferry(contexts.args("wrong"), "get", "connectors");
            assertThat(wrong.exit()).isEqualTo(5);
            assertThat(wrong.err()).startsWith("ferry: the worker refused the credentials of context 'wrong' (401): ")
                    .doesNotContain("nope").hasLineCount(1);

            Result none = ferry(contexts.args("none"), "get", "connectors");
            assertThat(none.exit()).isEqualTo(5);
            assertThat(none.err()).startsWith("ferry: the worker needs credentials (401").hasLineCount(1);
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

            Result ok = ferry(contexts.args("mtls"), "get", "plugins");
            assertThat(ok.exit()).as(ok.err()).isZero();
            assertThat(ok.out()).contains("FileStreamSourceConnector");

            Result none = ferry(contexts.args("nocert"), "get", "connectors");
            assertThat(none.exit()).isEqualTo(5);
            assertThat(none.err()).startsWith("ferry: the worker at " + url + " wants a client certificate (TLS: ")
                    .hasLineCount(1);
        }
    }
}
