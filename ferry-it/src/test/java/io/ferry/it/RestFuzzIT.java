package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.RawHttp;
import io.ferry.testsupport.Rest;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Random requests against a real standalone worker: random methods, every endpoint of docs/rest-api.md with random
 * names (encoded, raw, double-encoded, unicode, dot segments, very long), random headers and bodies (JSON, broken
 * JSON, not JSON, large). Whatever comes in, the worker never answers 500, never answers HTML, answers every error
 * as JSON {@code {error_code, message}}, never leaves a request hanging, stays healthy (a connector created before
 * keeps running), and creates nothing the API cannot read and delete afterwards.
 * <p>
 * A failure prints jqwik's seed; {@code @Property(seed = "...")} replays the same requests.
 */
class RestFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CANARY = "fuzz-canary";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private static Path dir;
    private static Path input;
    private static StandaloneWorker worker;
    private static RawHttp http;

    /** One generated request. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            String shownTarget = target.length() > 300 ? target.substring(0, 300) + "...(" + target.length() + ")" : target;
            String shownBody = body == null ? "none" : body.length > 300
                    ? new String(body, 0, 300, StandardCharsets.UTF_8) + "...(" + body.length + " bytes)"
                    : new String(body, StandardCharsets.UTF_8);
            Map<String, String> shownHeaders = new LinkedHashMap<>();
            headers.forEach((k, v) -> shownHeaders.put(k, v.length() > 80 ? v.substring(0, 80) + "...(" + v.length() + ")" : v));
            return method + " " + shownTarget + " " + shownHeaders + " body: " + shownBody;
        }
    }

    @BeforeContainer
    static void startWorker() throws IOException {
        dir = Files.createTempDirectory("rest-fuzz");
        input = dir.resolve("in.txt");
        Files.writeString(input, "one\ntwo\n");
        worker = new StandaloneWorker(SharedKafka.get().bootstrapServers(), dir).start();
        http = new RawHttp("127.0.0.1", worker.runtime().restPort(), REQUEST_TIMEOUT);
        assertThat(worker.rest().createConnector(CANARY, sourceConfig()).status()).isEqualTo(201);
        worker.awaitRunning(CANARY, 1);
    }

    @AfterContainer
    static void stopWorker() {
        if (worker != null) {
            worker.close();
        }
    }

    private static Map<String, String> sourceConfig() {
        return Map.of("connector.class", "FileStreamSource", "file", input.toString(), "topic", "rest-fuzz", "tasks.max", "1");
    }

    @Property(tries = 500, shrinking = ShrinkingMode.BOUNDED)
    void anyRequestIsAnsweredInTimeWithoutA500AndErrorsAreJson(@ForAll("requests") Request request) throws IOException {
        RawHttp.Response response = http.request(request.method(), request.target(), request.headers(), request.body());
        Statistics.label("status").collect(response.status());

        assertThat(response.status()).as("no answer to %s", request).isPositive();
        assertThat(response.status()).as("%s answered %s", request, response.body()).isNotIn(500, 501, 502, 504);
        // No HTML page, whatever the answer (Jersey's automatic OPTIONS answer, a list of methods, may be labelled
        // with the type the client accepts, as in Apache Kafka Connect).
        assertThat(response.body().toLowerCase(java.util.Locale.ROOT)).as("%s", request).doesNotContain("<html", "<body");
        String type = response.contentType();
        if (response.status() >= 400 && !request.method().equals("HEAD")) {
            assertThat(type).as("%s answered %s %s", request, response.status(), response.body()).startsWith("application/json");
            JsonNode error = JSON.readTree(response.bodyBytes());
            assertThat(error.path("error_code").isInt()).as("%s answered %s", request, response.body()).isTrue();
            assertThat(error.path("error_code").asInt()).as("%s", request).isEqualTo(response.status());
            assertThat(error.path("message").isTextual()).as("%s answered %s", request, response.body()).isTrue();
        }
    }

    @AfterProperty
    void theWorkerIsHealthyAndWhatWasCreatedCanBeDeleted() {
        Rest rest = worker.rest();
        assertThat(rest.get("/").status()).isEqualTo(200);
        worker.awaitRunning(CANARY, 1);
        List<String> names = new ArrayList<>();
        rest.get("/connectors").json().forEach(n -> names.add(n.asText()));
        for (String name : names) {
            if (name.equals(CANARY)) {
                continue;
            }
            Rest.Response read = rest.get(path(name));
            assertThat(read.status()).as("GET %s: %s", name, read.body()).isEqualTo(200);
            assertThat(read.json().path("name").asText()).isEqualTo(name);
            Rest.Response deleted = rest.delete(path(name));
            assertThat(deleted.status()).as("DELETE %s: %s", name, deleted.body()).isEqualTo(204);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(rest.get("/connectors").json().toString()).isEqualTo("[\"" + CANARY + "\"]"));
    }

    private static String path(String name) {
        return "/connectors/" + encode(name);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- generators ----

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Request> anything = Combinators.combine(methods(), targets(), headers(), bodies())
                .as((method, target, headers, body) -> new Request(method, target, headers, body));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, anything), net.jqwik.api.Tuple.of(1, creations()));
    }

    /** Requests that would create a connector with a random name, through either way the API offers. */
    private static Arbitrary<Request> creations() {
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Arbitrary<Request> post = connectorBodies("create").map(body ->
                new Request("POST", "/connectors", json, body.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Request> put = Combinators.combine(segments(), connectorBodies("config-without-name")).as((segment, body) ->
                new Request("PUT", "/connectors/" + segment + "/config", json, body.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(post, put);
    }

    private static Arbitrary<String> methods() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("HEAD", "OPTIONS", "TRACE", "BREW", "PROPFIND", "M-SEARCH", "get", "Put")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12)));
    }

    private static final List<String> ENDPOINTS = List.of("/", "/health", "/health/live", "/health/ready", "/metrics",
            "/connectors", "/connectors/{name}", "/connectors/{name}/config", "/connectors/{name}/status",
            "/connectors/{name}/health", "/connectors/{name}/tasks", "/connectors/{name}/tasks/{task}/status",
            "/connectors/{name}/restart", "/connectors/{name}/tasks/{task}/restart", "/connectors/{name}/fence",
            "/connectors/{name}/pause", "/connectors/{name}/resume", "/connectors/{name}/stop",
            "/connectors/{name}/topics", "/connectors/{name}/topics/reset", "/connectors/{name}/offsets",
            "/connector-plugins", "/connector-plugins/{plugin}/config", "/connector-plugins/{plugin}/config/validate",
            "/admin/loggers", "/admin/loggers/{logger}", "/{name}", "/connectors/{name}/{name}");

    private static Arbitrary<String> targets() {
        return Combinators.combine(Arbitraries.of(ENDPOINTS), segments(), segments(), tasks(), queries(), prefixes())
                .as((endpoint, name, other, task, query, prefix) -> prefix + endpoint
                        .replaceFirst("\\{name}", java.util.regex.Matcher.quoteReplacement(name))
                        .replace("{name}", other)
                        .replace("{task}", task)
                        .replace("{plugin}", other.length() % 2 == 0 ? "FileStreamSource" : other)
                        .replace("{logger}", other.length() % 3 == 0 ? "root" : "fuzz." + other) + query);
    }

    private static Arbitrary<String> prefixes() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("/connectors/..", "/.", "/%2E%2E", "//", "/connectors/x/..")));
    }

    /** A connector name as a path segment: encoded as clients do, raw, encoded twice, or a dot segment. */
    private static Arbitrary<String> segments() {
        Arbitrary<String> name = names();
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, name.map(RestFuzzIT::encode)),
                net.jqwik.api.Tuple.of(2, name.map(RestFuzzIT::rawWhereSafe)),
                net.jqwik.api.Tuple.of(1, name.map(n -> encode(encode(n)))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(".", "..", "%2E", "%2e%2E", "%2F", "%5C", "%25", "%", "%G1", "%C3",
                        "%ED%A0%80", "%00", "a;b=c", "", "~", "x".repeat(9000))));
    }

    /** The name with what a request line cannot carry (spaces, controls, non-ASCII) encoded, the rest left raw. */
    private static String rawWhereSafe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(c > 0x20 && c < 0x7F ? String.valueOf(c) : encode(String.valueOf(c)));
        }
        return sb.toString();
    }

    /** Random names, never the canary's. */
    static Arbitrary<String> names() {
        Arbitrary<String> fragments = Arbitraries.of("fuzz", "a", "/", "\\", "%", "%2F", ".", "..", "?", "#", ";", " ",
                "+", "&", "=", "é", "日本", "\uD83D\uDE00", "\u0000", "\u007F", "\u200B", "\t", "-", "_", "{", "}", "\"",
                "'", "<", ">", "|", "^", "`", ":", "@", "*", ",", "[", "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, fragments.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join("", parts))),
                net.jqwik.api.Tuple.of(3, Arbitraries.strings().all().ofMinLength(1).ofMaxLength(10)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(12)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withChars("xé日").ofMinLength(200).ofMaxLength(3000)))
                .filter(n -> !n.startsWith(CANARY));
    }

    private static Arbitrary<String> tasks() {
        return Arbitraries.oneOf(Arbitraries.of("0", "1", "-1", "2147483648", "99999999999999999999", "x", "%2E%2E", "0x1", ""),
                Arbitraries.integers().between(0, 5).map(String::valueOf));
    }

    private static Arbitrary<String> queries() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("?expand=status", "?expand=info&expand=status", "?expand=",
                        "?includeTasks=true&onlyFailed=true", "?includeTasks=maybe", "?forward=false", "?scope=cluster",
                        "?scope=nowhere", "?connectorsOnly=false", "?connectorsOnly=", "?version=%FF", "?version=[1,",
                        "?%%", "?a=%00", "?=", "?&&")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30)
                        .map(q -> "?" + q.replace("#", "%23"))));
    }

    private static Arbitrary<Map<String, String>> headers() {
        Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
                "application/vnd.api+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                "application/xml", "*/*", "garbage", ";;;", "");
        Arbitrary<String> accept = Arbitraries.of("application/json", "text/html", "application/xml", "*/*",
                "text/html;q=1, application/json;q=0", "*/*;q=0", "image/png", "garbage");
        return Combinators.combine(contentType.injectNull(0.2), accept.injectNull(0.4),
                        Arbitraries.of("https://evil.example", "null").injectNull(0.9),
                        Arbitraries.integers().between(1_000, 20_000).injectNull(0.95),
                        Arbitraries.of("abc", "-1", "1, 2", "99999999999").injectNull(0.95))
                .as((type, acceptValue, origin, padding, badLength) -> {
                    Map<String, String> headers = new LinkedHashMap<>();
                    if (type != null) {
                        headers.put("Content-Type", type);
                    }
                    if (acceptValue != null) {
                        headers.put("Accept", acceptValue);
                    }
                    if (origin != null) {
                        headers.put("Origin", origin);
                    }
                    if (padding != null) {
                        headers.put("X-Padding", "p".repeat(padding));
                    }
                    if (badLength != null) {
                        headers.put("Content-Length", badLength);
                    }
                    return headers;
                });
    }

    private static Arbitrary<byte[]> bodies() {
        Arbitrary<String> json = jsonValues(3);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just((String) null)),
                net.jqwik.api.Tuple.of(4, json),
                net.jqwik.api.Tuple.of(4, connectorBodies("create", "config", "config-without-name")),
                net.jqwik.api.Tuple.of(2, json.map(j -> j.substring(0, j.length() / 2))),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().all().ofMaxLength(50)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("{", "}", "[", "null", "\"", "{\"name\":", "{\"config\":null}",
                        "{\"name\":\"x\",\"config\":[]}", "{,}", "{\"a\":1,}", "/* c */ {}", "\uFEFF{}")),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 2 * 1024 * 1024).map(n -> "[" + " ".repeat(n) + "]")))
                .map(s -> s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    /** Bodies that create or change connectors: a create request, or a config, each for a random name. */
    private static Arbitrary<String> connectorBodies(String... kinds) {
        return Combinators.combine(names(), Arbitraries.of(kinds),
                        Arbitraries.of("RUNNING", "PAUSED", "STOPPED", "SLEEPING").injectNull(0.7))
                .as((name, kind, state) -> {
                    Map<String, Object> config = new LinkedHashMap<>(sourceConfig());
                    try {
                        switch (kind) {
                            case "create" -> {
                                Map<String, Object> create = new LinkedHashMap<>();
                                create.put("name", name);
                                create.put("config", config);
                                if (state != null) {
                                    create.put("initial_state", state);
                                }
                                return JSON.writeValueAsString(create);
                            }
                            case "config" -> {
                                config.put("name", name);
                                return JSON.writeValueAsString(config);
                            }
                            default -> {
                                return JSON.writeValueAsString(config);
                            }
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static Arbitrary<String> jsonValues(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(RestFuzzIT::jsonString),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.doubles().map(d -> Double.isFinite(d) ? String.valueOf(d) : "1e400"),
                Arbitraries.of("true", "false", "null", "-0", "1e309", "12345678901234567890123"));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("name", "config", "initial_state", "offsets",
                        "partition", "offset", "level", "connector.class", "tasks.max", "topics", "transforms"),
                Arbitraries.strings().all().ofMaxLength(10)).map(RestFuzzIT::jsonString);
        Arbitrary<String> values = Arbitraries.lazy(() -> jsonValues(depth - 1));
        Arbitrary<String> objects = Combinators.combine(keys, values).as((k, v) -> k + ":" + v)
                .list().ofMaxSize(4).map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> arrays = values.list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        return Arbitraries.oneOf(scalars, objects, arrays);
    }

    /** A JSON string with every character outside printable ASCII escaped, so any UTF-16 string can be sent. */
    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
