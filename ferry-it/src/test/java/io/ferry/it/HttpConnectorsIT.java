package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.ferry.it.support.DocExamples;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.FerryConnectors;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.TestCertificates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Ferry's HTTP connectors against an HTTP server started by the test, with a real worker and broker. */
class HttpConnectorsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);

    /** A request the server received. */
    private record Received(String path, String query, Headers headers, String body, long atMs) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private String startServer(Map<String, Handler> handlers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        handlers.forEach((path, handler) -> server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Received request = new Received(exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders(), body, System.currentTimeMillis());
            received.add(request);
            handler.handle(request, exchange);
            exchange.close();
        }));
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private interface Handler {
        void handle(Received request, HttpExchange exchange) throws IOException;
    }

    private static void answer(HttpExchange exchange, int status, String body, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static String uniqueId() {
        return "http-" + Long.toString(System.nanoTime(), 36);
    }

    private static void produce(String topic, List<String> values) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.get().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            values.forEach(value -> producer.send(new ProducerRecord<>(topic, value)));
        }
    }

    private static List<String> values(String topic) {
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    private List<Received> requestsTo(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Test
    void theSinkBatchesRetriesA503AfterItsRetryAfterAndSendsWhatIsRefusedToTheDeadLetterQueue(@TempDir Path state) throws Exception {
        String id = uniqueId();
        AtomicBoolean unavailableOnce = new AtomicBoolean(true);
        String base = startServer(Map.of(
                "/batches", (request, exchange) -> {
                    if (unavailableOnce.getAndSet(false)) {
                        answer(exchange, 503, "busy", "Retry-After", "1");
                    } else {
                        answer(exchange, 200, "");
                    }
                },
                "/single", (request, exchange) -> answer(exchange, request.body().contains("bad") ? 400 : 200,
                        request.body().contains("bad") ? "{\"error\":\"rejected\"}" : "")));
        Path secrets = Files.writeString(state.resolve("secrets.properties"), "token=s3cr3t-token\n");
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add("event-" + i);
        }
        SharedKafka.get().createTopic(id + "-events", 1, (short) 1);
        produce(id + "-events", events);
        List<String> mixed = List.of("ok-1", "bad-1", "ok-2", "ok-3", "bad-2", "ok-4", "bad-3", "ok-5", "ok-6", "ok-7");
        produce(id + "-mixed", mixed);

        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString())
                .with("config.providers", "file")
                .with("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider")
                .with("config.providers.file.param.allowed.paths", state.toString())
                .start()) {
            Map<String, String> batches = new LinkedHashMap<>();
            batches.put("connector.class", "HttpSinkConnector");
            batches.put("topics", id + "-events");
            batches.put("http.url", base + "/batches");
            batches.put("http.auth.type", "bearer");
            batches.put("http.auth.token", "${file:" + secrets + ":token}");
            batches.put("batch.max.records", "50");
            batches.put("retry.backoff.ms", "100");
            Rest.Response created = worker.rest().createConnector(id + "-batches", batches);
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            Map<String, String> single = new LinkedHashMap<>();
            single.put("connector.class", "HttpSinkConnector");
            single.put("topics", id + "-mixed");
            single.put("http.url", base + "/single");
            single.put("http.headers", "X-Source: ferry, X-Tenant: acme");
            single.put("batch.max.records", "1");
            single.put("batch.json.as.array", "false");
            single.put("errors.tolerance", "all");
            single.put("errors.deadletterqueue.topic.name", id + "-dlq");
            single.put("errors.deadletterqueue.topic.replication.factor", "1");
            created = worker.rest().createConnector(id + "-single", single);
            assertThat(created.status()).as(created.body()).isEqualTo(201);

            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> delivered("/batches").size() >= 250);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> values(id + "-dlq").size() >= 3);
        }

        List<Received> batchRequests = requestsTo("/batches");
        assertThat(delivered("/batches")).as("every record once, in order").containsExactlyElementsOf(events);
        assertThat(batchRequests).allSatisfy(r -> {
            assertThat(r.header("Authorization")).isEqualTo("Bearer s3cr3t-token");
            assertThat(Rest.JSON.readTree(r.body()).size()).isBetween(1, 50);
        });
        assertThat(batchRequests.get(1).body()).as("the refused batch, sent again").isEqualTo(batchRequests.get(0).body());
        assertThat(batchRequests.get(1).atMs() - batchRequests.get(0).atMs()).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(950);

        assertThat(values(id + "-dlq")).containsExactlyInAnyOrder("bad-1", "bad-2", "bad-3");
        assertThat(requestsTo("/single")).extracting(Received::body).contains("\"ok-1\"", "\"ok-7\"").hasSize(10);
        assertThat(requestsTo("/single")).extracting(r -> r.header("X-Tenant")).containsOnly("acme");
    }

    /** The records of the /batches requests the server accepted (all but the first, which it answered 503). */
    private List<String> delivered(String path) throws IOException {
        List<String> values = new ArrayList<>();
        List<Received> requests = requestsTo(path);
        for (Received request : requests.subList(Math.min(1, requests.size()), requests.size())) {
            for (JsonNode value : Rest.JSON.readTree(request.body())) {
                values.add(value.asText());
            }
        }
        return values;
    }

    @Test
    void theSourceResumesFromItsCommittedOffsetAfterARestart(@TempDir Path state) throws Exception {
        String id = uniqueId();
        List<Integer> events = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 30; i++) {
            events.add(i);
        }
        String base = startServer(Map.of("/events", (request, exchange) -> {
            int since = Integer.parseInt(request.query().substring("since=".length()));
            StringBuilder page = new StringBuilder("{\"events\":[");
            int count = 0;
            for (int event : events) {
                if (event > since && count < 10) {
                    page.append(count++ == 0 ? "" : ",").append("{\"id\":").append(event).append(",\"name\":\"event ").append(event).append("\"}");
                }
            }
            answer(exchange, 200, page.append("]}").toString(), "Content-Type", "application/json");
        }));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.ferry.connectors.http.HttpSourceConnector");
        config.put("http.url", base + "/events?since=${offset}");
        config.put("http.response.records.pointer", "/events");
        config.put("http.offset.record.pointer", "/id");
        config.put("http.offset.initial", "0");
        config.put("http.poll.interval.ms", "300");
        config.put("kafka.topic", id);
        config.put("record.key.pointer", "/id");

        StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString());
        try (worker) {
            worker.start();
            assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> new HashSet<>(values(id)).size() >= 30);
            worker.stop();
            int requestsBefore = received.size();
            for (int i = 31; i <= 45; i++) {
                events.add(i);
            }
            worker.start();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> new HashSet<>(values(id)).size() >= 45);
            List<Received> afterRestart = received.subList(requestsBefore, received.size());
            assertThat(afterRestart.get(0).query()).as("the first request after the restart resumes").isEqualTo("since=30");
        }
        Set<String> ids = new HashSet<>();
        for (String value : values(id)) {
            ids.add(Rest.JSON.readTree(value).path("id").asText());
        }
        assertThat(ids).hasSize(45);
        assertThat(values(id)).as("nothing read twice").hasSize(45);
    }

    /** A cursor API: the source POSTs the cursor in its body and takes the next one from an answer's header. */
    @Test
    void theSourcePostsItsOffsetInTheBodyAndTakesTheNextFromAHeader(@TempDir Path state) throws Exception {
        String id = uniqueId();
        // Pages of five events; the cursor after a page is "c<last id>"; the last page has no next cursor.
        String base = startServer(Map.of("/search", (request, exchange) -> {
            String after = Rest.JSON.readTree(request.body()).path("after").asText();
            int from = after.equals("start") ? 0 : Integer.parseInt(after.substring(1));
            StringBuilder page = new StringBuilder("{\"hits\":[");
            for (int event = from + 1; event <= Math.min(from + 5, 25); event++) {
                page.append(event == from + 1 ? "" : ",").append("{\"id\":").append(event).append('}');
            }
            page.append("]}");
            if (from < 25) {
                answer(exchange, 200, page.toString(), "Content-Type", "application/json", "X-Next-Cursor", "c" + Math.min(from + 5, 25));
            } else {
                answer(exchange, 200, page.toString(), "Content-Type", "application/json");
            }
        }));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "io.ferry.connectors.http.HttpSourceConnector");
        config.put("http.url", base + "/search");
        config.put("http.method", "POST");
        config.put("http.request.body", "{\"after\":\"${offset}\",\"size\":5}");
        config.put("http.response.records.pointer", "/hits");
        config.put("http.offset.header", "X-Next-Cursor");
        config.put("http.offset.initial", "start");
        config.put("http.poll.interval.ms", "300");
        config.put("kafka.topic", id);
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            assertThat(worker.rest().createConnector(id, config).status()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                    .until(() -> values(id).size() >= 25 && requestsTo("/search").size() >= 6);
        }
        List<Integer> ids = new ArrayList<>();
        for (String value : values(id)) {
            ids.add(Rest.JSON.readTree(value).path("id").asInt());
        }
        assertThat(ids).as("every event once").hasSize(25).doesNotHaveDuplicates().allSatisfy(i -> assertThat(i).isBetween(1, 25));
        List<Received> requests = requestsTo("/search");
        assertThat(requests).allSatisfy(r -> assertThat(r.header("Content-Type")).isEqualTo("application/json"));
        assertThat(requests.stream().limit(6).map(Received::body)).containsExactly(
                "{\"after\":\"start\",\"size\":5}", "{\"after\":\"c5\",\"size\":5}", "{\"after\":\"c10\",\"size\":5}",
                "{\"after\":\"c15\",\"size\":5}", "{\"after\":\"c20\",\"size\":5}", "{\"after\":\"c25\",\"size\":5}");
    }

    /** docs/connectors/http.md: its first JSON block is a connector that works as written, against a server on its port. */
    @Test
    void theFirstExampleOfTheHttpPageWorksAsWritten(@TempDir Path state) throws Exception {
        JsonNode body = DocExamples.firstJsonBlock("connectors/http.md");
        URI url = URI.create(body.path("config").path("http.url").asText());
        server = HttpServer.create();
        try {
            server.bind(new InetSocketAddress(url.getHost(), url.getPort()), 0);
        } catch (IOException e) {
            assumeTrue(false, "port " + url.getPort() + " of the example is taken: " + e);
        }
        server.createContext(url.getPath(), exchange -> {
            received.add(new Received(url.getPath(), null, exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.currentTimeMillis()));
            answer(exchange, 200, "");
            exchange.close();
        });
        server.start();
        String topic = body.path("config").path("topics").asText();
        produce(topic, List.of("{\"id\": 7, \"total\": 12.5}", "{\"id\": 8, \"total\": 3}"));
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest.Response created = worker.rest().post("/connectors", body);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            int inTopic = SharedKafka.get().readAll(topic).size();
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> requestsTo(url.getPath()).stream()
                    .mapToInt(r -> readJson(r.body()).size()).sum() >= inTopic);
            worker.rest().delete("/connectors/" + body.path("name").asText());
        }
        List<JsonNode> values = new ArrayList<>();
        requestsTo(url.getPath()).forEach(r -> readJson(r.body()).forEach(values::add));
        // The topic may hold records of other tests that use the example's name: every record of it arrives, in order.
        List<JsonNode> inTopic = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : SharedKafka.get().readAll(topic)) {
            inTopic.add(readJson(new String(record.value(), StandardCharsets.UTF_8)));
        }
        assertThat(inTopic).contains(readJson("{\"id\":7,\"total\":12.5}"), readJson("{\"id\":8,\"total\":3}"));
        assertThat(values).containsExactlyElementsOf(inTopic);
        assertThat(requestsTo(url.getPath())).extracting(r -> r.header("Content-Type")).containsOnly("application/json");
    }

    private static JsonNode readJson(String body) {
        try {
            return Rest.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** TLS: the server's certificate checked against the configured trust store, the client's from the key store. */
    @Test
    void theSinkSpeaksTlsWithATrustStoreAndAClientCertificate(@TempDir Path state) throws Exception {
        String id = uniqueId();
        Path keystore = TestCertificates.keystore(state.resolve("server.p12"), "127.0.0.1");
        Path truststore = TestCertificates.truststore(TestCertificates.certificatePem(keystore, state.resolve("cert.pem")),
                state.resolve("trust.p12"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestCertificates.load(keystore), TestCertificates.PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.load(truststore));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server = https;
        https.createContext("/secure", exchange -> {
            received.add(new Received("/secure", null, exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), System.currentTimeMillis()));
            answer(exchange, 200, "");
            exchange.close();
        });
        https.start();
        produce(id, List.of("one", "two", "three"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", "HttpSinkConnector");
        config.put("topics", id);
        config.put("http.url", "https://127.0.0.1:" + https.getAddress().getPort() + "/secure");
        config.put("http.ssl.truststore.location", truststore.toString());
        config.put("http.ssl.truststore.password", TestCertificates.PASSWORD);
        config.put("http.ssl.keystore.location", keystore.toString());
        config.put("http.ssl.keystore.password", TestCertificates.PASSWORD);
        try (StandaloneWorker worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), state)
                .with("plugin.path", FerryConnectors.pluginPath().toString()).start()) {
            Rest.Response created = worker.rest().createConnector(id, config);
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> requestsTo("/secure").stream()
                    .mapToInt(r -> readJson(r.body()).size()).sum() >= 3);
        }
        List<String> values = new ArrayList<>();
        requestsTo("/secure").forEach(r -> readJson(r.body()).forEach(v -> values.add(v.asText())));
        assertThat(values).containsExactly("one", "two", "three");
    }
}
