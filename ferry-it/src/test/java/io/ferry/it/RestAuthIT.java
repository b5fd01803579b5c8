package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.runtime.DistributedRuntime;
import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * REST API security with a real worker: users, tokens and roles; client certificates, alongside Apache's Basic
 * authentication extension; the Host header check against DNS rebinding; and, in a two-worker cluster, requests
 * forwarded between workers with the caller's credentials, and the workers' own signed requests.
 */
class RestAuthIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final String BASIC_AUTH_EXTENSION =
            "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> auth(String value) {
        return Map.of("Authorization", value);
    }

    private static Path usersFile(Path dir, String... lines) throws IOException {
        return Files.write(dir.resolve("users"), List.of(lines));
    }

    private static String user(String name, String role, String password) {
        // Fewer iterations than the default keep the test fast; the check is the same.
        return name + ":" + role + ":" + PasswordHash.hashPassword(password.toCharArray(), 10_000);
    }

    private static String fileSource(Path dir, String topic) {
        return Rest.toJson(Map.of("name", topic, "config", Map.of("connector.class", "FileStreamSource",
                "tasks.max", "1", "file", dir.resolve(topic + ".txt").toString(), "topic", topic)));
    }

    @Test
    void usersTokensAndRoles(@TempDir Path dir) throws Exception {
        Path users = usersFile(dir, user("ops", "operate", "ops-pw"), user("viewer", "read-only", "view-pw"));
        Path tokens = Files.write(dir.resolve("tokens"), List.of("ci:operate:" + PasswordHash.hashToken("ci-token")));
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("rest.auth.users.file", users.toString())
                .with("rest.auth.tokens.file", tokens.toString())
                .start()) {
            Rest rest = worker.rest();

            Rest.Response anonymous = rest.send("GET", "/connectors", null, null, Map.of());
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.headers().get("www-authenticate")).contains("Basic realm=\"ferry\", charset=\"UTF-8\"",
                    "Bearer realm=\"ferry\"");
            assertThat(anonymous.json().path("error_code").asInt()).isEqualTo(401);
            assertThat(anonymous.json().path("message").asText()).contains("Authentication is required");
            assertThat(rest.send("GET", "/connectors", null, null, auth(basic("ops", "wrong"))).status()).isEqualTo(401);
            assertThat(rest.send("GET", "/connectors", null, null, auth("Bearer wrong")).status()).isEqualTo(401);

            for (String probe : new String[]{"/health", "/health/live", "/health/ready"}) {
                assertThat(rest.send("GET", probe, null, null, Map.of()).status()).as(probe).isEqualTo(200);
            }

            Map<String, String> viewer = auth(basic("viewer", "view-pw"));
            assertThat(rest.send("GET", "/connectors", null, null, viewer).status()).isEqualTo(200);
            assertThat(rest.send("GET", "/", null, null, viewer).status()).isEqualTo(200);
            assertThat(rest.send("GET", "/metrics", null, null, viewer).status()).isEqualTo(200);
            Rest.Response refused = rest.send("POST", "/connectors", fileSource(dir, "by-viewer"), "application/json", viewer);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("message").asText()).contains("'viewer' has the read-only role");
            assertThat(rest.send("GET", "/admin/loggers", null, null, viewer).status()).isEqualTo(403);
            assertThat(rest.send("PUT", "/admin/loggers/root", "{\"level\":\"OFF\"}", "application/json", viewer).status())
                    .isEqualTo(403);

            Map<String, String> ops = auth(basic("ops", "ops-pw"));
            assertThat(rest.send("POST", "/connectors", fileSource(dir, "by-ops"), "application/json", ops).status())
                    .isEqualTo(201);
            assertThat(rest.send("DELETE", "/connectors/by-ops", null, null, viewer).status()).isEqualTo(403);
            assertThat(rest.send("PUT", "/admin/loggers/io.ferry.example", "{\"level\":\"DEBUG\"}", "application/json", ops)
                    .status()).isEqualTo(200);
            assertThat(rest.send("DELETE", "/connectors/by-ops", null, null, auth("Bearer ci-token")).status()).isEqualTo(204);
            assertThat(rest.send("GET", "/connectors", null, null, viewer).body()).isEqualTo("[]");

            // A user added to the file can sign in without a restart.
            Path next = usersFile(Files.createDirectories(dir.resolve("next")),
                    user("ops", "operate", "ops-pw"), user("newcomer", "read-only", "new-pw"));
            Files.move(next, users, StandardCopyOption.REPLACE_EXISTING);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    rest.send("GET", "/connectors", null, null, auth(basic("newcomer", "new-pw"))).status() == 200);
            assertThat(rest.send("GET", "/connectors", null, null, viewer).status()).isEqualTo(401);
        }
    }

    @Test
    void aRebindingPageIsRefusedAndCreatesNothing(@TempDir Path dir) throws Exception {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start()) {
            int port = worker.runtime().restPort();
            String body = fileSource(dir, "rebound");
            String answer = rawRequest(port, "POST /connectors HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nOrigin: http://evil.example:" + port + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body);
            assertThat(answer).startsWith("HTTP/1.1 421 ");
            assertThat(answer).contains("\"error_code\":421").contains("rest.allowed.hosts");
            assertThat(worker.rest().get("/connectors").body()).isEqualTo("[]");

            // The worker's own names keep working, as every other test shows for 127.0.0.1.
            assertThat(rawRequest(port, "GET /connectors HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        }
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir.resolve("allowed"))
                .with("rest.allowed.hosts", "connect.example.com").start()) {
            int port = worker.runtime().restPort();
            assertThat(rawRequest(port, "GET /connectors HTTP/1.1\r\nHost: connect.example.com\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    private static String rawRequest(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void clientCertificatesWithApachesBasicAuthExtensionAlongside(@TempDir Path dir) throws Exception {
        Keytool keytool = new Keytool(dir);
        Path server = keytool.keyPair("server", "CN=127.0.0.1", "ip:127.0.0.1");
        Path opsClient = keytool.keyPair("ops", "CN=ops-client,O=Example", null);
        Path viewerClient = keytool.keyPair("viewer", "CN=dashboard,O=Example", null);
        Path stranger = keytool.keyPair("stranger", "CN=stranger,O=Example", null);
        Path serverTrust = keytool.trustStore("server-trust", opsClient, viewerClient, stranger);
        Path clientTrust = keytool.trustStore("client-trust", server);
        Path certificates = Files.writeString(dir.resolve("certificates"),
                "operate: CN=ops-client, O=Example\nread-only: CN=dashboard\n");

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("listeners", "https://127.0.0.1:0")
                .with("listeners.https.ssl.keystore.location", server.toString())
                .with("listeners.https.ssl.keystore.password", Keytool.PASSWORD)
                .with("listeners.https.ssl.keystore.type", "PKCS12")
                .with("listeners.https.ssl.truststore.location", serverTrust.toString())
                .with("listeners.https.ssl.truststore.password", Keytool.PASSWORD)
                .with("listeners.https.ssl.truststore.type", "PKCS12")
                .with("listeners.https.ssl.client.auth", "requested")
                .with("rest.auth.certificates.file", certificates.toString())
                .with("rest.extension.classes", BASIC_AUTH_EXTENSION)
                .start()) {
            String base = "https://127.0.0.1:" + worker.runtime().restPort();
            Map<String, String> extensionUser = auth(basic("admin", "secret"));

            HttpClient ops = keytool.client(opsClient, clientTrust);
            HttpResponse<String> opsRead = send(ops, base, "GET", "/connectors", extensionUser);
            assertThat(opsRead.statusCode()).as(opsRead.body()).isEqualTo(200);
            assertThat(send(ops, base, "PUT", "/admin/loggers/io.ferry.example", extensionUser).statusCode()).isEqualTo(200);
            // Ferry accepted the certificate; the extension still wants its own credentials.
            assertThat(send(ops, base, "GET", "/connectors", Map.of()).statusCode()).isEqualTo(401);

            HttpClient viewer = keytool.client(viewerClient, clientTrust);
            assertThat(send(viewer, base, "GET", "/connectors", extensionUser).statusCode()).isEqualTo(200);
            HttpResponse<String> forbidden = send(viewer, base, "PUT", "/admin/loggers/root", extensionUser);
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.body()).contains("read-only");

            HttpResponse<String> unmapped = send(keytool.client(stranger, clientTrust), base, "GET", "/connectors", extensionUser);
            assertThat(unmapped.statusCode()).isEqualTo(403);
            assertThat(unmapped.body()).contains("CN=stranger").contains("rest.auth.certificates.file");

            HttpResponse<String> noCertificate = send(keytool.client(null, clientTrust), base, "GET", "/connectors", extensionUser);
            assertThat(noCertificate.statusCode()).isEqualTo(401);
            assertThat(noCertificate.body()).contains("client certificate");
            // Ferry asks no certificate of health probes; the extension, as in Apache Kafka Connect, still wants its user.
            assertThat(send(keytool.client(null, clientTrust), base, "GET", "/health", extensionUser).statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> send(HttpClient client, String base, String method, String path,
                                             Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (method.equals("PUT")) {
            request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{\"level\":\"INFO\"}"));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Key pairs and trust stores made with the JDK's keytool, for the test only. */
    private static final class Keytool {
        static final String PASSWORD = "changeit";
        private final Path dir;

        Keytool(Path dir) {
            this.dir = dir;
        }

        Path keyPair(String name, String subject, String san) throws Exception {
            Path store = dir.resolve(name + ".p12");
            List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname",
                    "secp256r1", "-validity", "2", "-dname", subject, "-storetype", "PKCS12", "-keystore",
                    store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
            if (san != null) {
                args.addAll(List.of("-ext", "SAN=" + san));
            }
            run(args);
            return store;
        }

        Path trustStore(String name, Path... keyPairs) throws Exception {
            Path store = dir.resolve(name + ".p12");
            for (Path keyPair : keyPairs) {
                String alias = keyPair.getFileName().toString().replace(".p12", "");
                Path certificate = dir.resolve(alias + ".crt");
                run(List.of("-exportcert", "-rfc", "-alias", alias, "-keystore", keyPair.toString(), "-storepass", PASSWORD,
                        "-file", certificate.toString()));
                run(List.of("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype",
                        "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD));
            }
            return store;
        }

        HttpClient client(Path keyPair, Path trustStore) throws Exception {
            KeyManagerFactory keys = null;
            if (keyPair != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keyPair), PASSWORD.toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
        }

        private static KeyStore load(Path path) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, PASSWORD.toCharArray());
            }
            return store;
        }

        private static void run(List<String> args) throws Exception {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
        }
    }

    @Test
    void aClusterForwardsCallersCredentialsAndSignsItsOwnRequests(@TempDir Path dir) throws Exception {
        Path users = usersFile(dir, user("ops", "operate", "ops-pw"), user("viewer", "read-only", "view-pw"));
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("plugin.path", StandaloneWorker.pluginPath().toString());
        settings.put("listeners", "http://127.0.0.1:0");
        settings.put("group.id", "rest-auth");
        settings.put("config.storage.topic", "rest-auth-configs");
        settings.put("offset.storage.topic", "rest-auth-offsets");
        settings.put("status.storage.topic", "rest-auth-status");
        settings.put("config.storage.replication.factor", "1");
        settings.put("offset.storage.replication.factor", "1");
        settings.put("status.storage.replication.factor", "1");
        settings.put("rest.auth.users.file", users.toString());
        Map<String, String> ops = auth(basic("ops", "ops-pw"));
        try (DistributedRuntime first = DistributedRuntime.start(settings);
             DistributedRuntime second = DistributedRuntime.start(settings)) {
            List<Rest> workers = List.of(new Rest(first.restUrl().toString().replaceAll("/$", "")),
                    new Rest(second.restUrl().toString().replaceAll("/$", "")));
            for (Rest worker : workers) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> worker.send("GET", "/health/ready", null, null, Map.of()).status() == 200);
            }
            // One of the two is a follower, which forwards the creation to the leader with the caller's credentials.
            for (int i = 0; i < workers.size(); i++) {
                String name = "forwarded-" + i;
                Rest worker = workers.get(i);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    Rest.Response created = worker.send("POST", "/connectors", fileSource(dir, name), "application/json", ops);
                    assertThat(created.status()).as(created.body()).isIn(201, 409);
                    return created.status() == 201;
                });
                assertThat(worker.send("POST", "/connectors", fileSource(dir, name + "-viewer"), "application/json",
                        auth(basic("viewer", "view-pw"))).status()).isEqualTo(403);
            }
            // Each connector's task configs reach the leader as the workers' own signed requests, without credentials.
            // The two connectors run on different workers, so one runs on the follower, which sends them over HTTP.
            java.util.Set<String> connectorWorkers = new java.util.HashSet<>();
            for (int i = 0; i < workers.size(); i++) {
                String name = "forwarded-" + i;
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
                    Rest.Response status = workers.get(0).send("GET", "/connectors/" + name + "/status", null, null, ops);
                    return status.status() == 200 && status.json().path("tasks").size() == 1
                            && "RUNNING".equals(status.json().path("tasks").path(0).path("state").asText());
                });
                connectorWorkers.add(workers.get(0).send("GET", "/connectors/" + name + "/status", null, null, ops)
                        .json().path("connector").path("worker_id").asText());
            }
            assertThat(connectorWorkers).hasSize(2);
        }
    }
}
