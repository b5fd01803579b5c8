package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's REST settings: HTTPS, admin listeners, CORS, response headers and REST extensions. */
class RestServerConfigIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @Test
    void corsAndResponseHeaders(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("access.control.allow.origin", "https://ui.example")
                .with("access.control.allow.methods", "GET,POST,PUT,DELETE")
                .with("response.http.headers.config", "set X-Frame-Options: DENY, add Cache-Control: no-store")
                .start()) {
            Rest rest = worker.rest();
            Rest.Response allowed = rest.send("GET", "/connectors", null, null, Map.of("Origin", "https://ui.example"));
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://ui.example");
            assertThat(allowed.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(allowed.header("Cache-Control")).contains("no-store");

            Rest.Response preflight = rest.send("OPTIONS", "/connectors", null, null, Map.of("Origin", "https://ui.example",
                    "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type"));
            assertThat(preflight.status()).isBetween(200, 204);
            assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");

            Rest.Response other = rest.send("GET", "/connectors", null, null, Map.of("Origin", "https://evil.example"));
            assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void adminEndpointsFollowAdminListeners(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("admin.listeners", "http://127.0.0.1:0").start()) {
            assertThat(worker.rest().get("/admin/loggers").status()).isEqualTo(404);
            assertThat(worker.rest().get("/connectors").status()).isEqualTo(200);
            Rest admin = new Rest("http://127.0.0.1:" + worker.runtime().adminPort());
            assertThat(admin.get("/admin/loggers").status()).isEqualTo(200);
            assertThat(admin.get("/connectors").status()).isEqualTo(404);
            // As in Apache Kafka Connect, the admin listeners serve /admin only; probes use the main listeners.
            for (String probe : new String[] {"/health", "/health/live", "/health/ready"}) {
                assertThat(admin.get(probe).status()).as(probe).isEqualTo(404);
                assertThat(worker.rest().get(probe).status()).as(probe).isEqualTo(200);
            }
            // Metrics are served on both, so Prometheus can scrape the admin port of a worker whose API is closed.
            assertThat(admin.get("/metrics").body()).contains("kafka_connect_worker_connector_count");
            assertThat(worker.rest().get("/metrics").status()).isEqualTo(200);
        }
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("none"))
                .with("admin.listeners", "").start()) {
            assertThat(worker.rest().get("/admin/loggers").status()).isEqualTo(404);
        }
    }

    @Test
    void httpsListener(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "ferry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("listeners", "https://127.0.0.1:0")
                .with("listeners.https.ssl.keystore.location", keystore.toString())
                .with("listeners.https.ssl.keystore.password", "changeit")
                .with("listeners.https.ssl.key.password", "changeit")
                .with("listeners.https.ssl.keystore.type", "PKCS12")
                .start()) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, "changeit".toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + worker.runtime().restPort() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("kafka_cluster_id");
            assertThat(worker.runtime().restUrl().getScheme()).isEqualTo("https");
        }
    }

    @Test
    void apachesBasicAuthExtensionProtectsEveryEndpoint(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("rest.extension.classes", "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension")
                .start()) {
            Rest rest = worker.rest();
            String good = "Basic " + Base64.getEncoder().encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
            for (String path : new String[]{"/", "/connectors", "/connector-plugins", "/admin/loggers"}) {
                assertThat(rest.send("GET", path, null, null, Map.of()).status()).as(path).isEqualTo(401);
                assertThat(rest.send("GET", path, null, null, Map.of("Authorization", bad)).status()).as(path).isEqualTo(401);
                assertThat(rest.send("GET", path, null, null, Map.of("Authorization", good)).status()).as(path).isEqualTo(200);
            }
            assertThat(rest.send("POST", "/connectors", "{}", "application/json", Map.of()).status()).isEqualTo(401);
        }
    }
}
