package io.ferry.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.runtime.cluster.ConnectorNames;
import io.ferry.runtime.cluster.FakeSourceConnector;
import io.ferry.testsupport.RawHttp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever name a connector is created with through the API, the API can read and delete it afterwards; names it
 * could not address are refused with 400 up front. Against the real REST server, so Jetty's and Jersey's handling
 * of the encoded name is part of what is checked.
 */
class ConnectorNamesOverRestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiServer api;
    private static RawHttp http;

    @BeforeContainer
    static void start() {
        api = new ApiServer();
        http = api.http();
    }

    @AfterContainer
    static void stop() {
        api.close();
    }

    @Property(tries = 300)
    void aConnectorCreatedThroughTheApiCanBeReadAndDeletedThroughIt(@ForAll("names") String name,
                                                                    @ForAll boolean withPut) throws IOException {
        boolean urlCanCarryName = !name.isEmpty() && name.codePoints().noneMatch(c -> c <= 0xFFFF && Character.isSurrogate((char) c));
        RawHttp.Response created = withPut && urlCanCarryName
                ? http.request("PUT", "/connectors/" + encode(name) + "/config", Map.of("Content-Type", "application/json"),
                json(ApiServer.config(name)))
                : http.request("POST", "/connectors", Map.of("Content-Type", "application/json"),
                ("{\"name\":" + jsonString(name) + ",\"config\":" + new String(json(FakeSourceConnector.config(1)),
                        StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));

        assertThat(created.contentType()).as(created.body()).startsWith("application/json");
        JsonNode body = JSON.readTree(created.bodyBytes());
        if (created.status() == 400) {
            assertThat(body.path("error_code").asInt()).isEqualTo(400);
            String stored = withPut && urlCanCarryName ? name : name.trim();
            boolean refusedByValidator = stored.isEmpty() || stored.chars().anyMatch(Character::isISOControl);
            assertThat(refusedByValidator || ConnectorNames.problem(stored) != null)
                    .as("refused, but the name rule accepts it: %s", body).isTrue();
            if (!refusedByValidator) {
                assertThat(body.path("message").asText()).startsWith("Connector name '").contains("REST API could not address it");
            }
            return;
        }
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String createdName = body.path("name").asText();
        assertThat(ConnectorNames.problem(createdName)).isNull();

        RawHttp.Response read = http.request("GET", "/connectors/" + encode(createdName), Map.of(), null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(JSON.readTree(read.bodyBytes()).path("name").asText()).isEqualTo(createdName);
        RawHttp.Response deleted = http.request("DELETE", "/connectors/" + encode(createdName), Map.of(), null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(http.request("GET", "/connectors/" + encode(createdName), Map.of(), null).status()).isEqualTo(404);
    }

    @Example
    void connectorsStoredWithNamesTheApiNoLongerCreatesCanStillBeReadChangedAndDeleted() throws IOException {
        List<String> names = List.of("a/b", "..", ".", "back\\slash", "50%", "a%2Fb", "x".repeat(300));
        names.forEach(api::storeDirectly);
        for (String name : names) {
            String path = "/connectors/" + encode(name);
            RawHttp.Response read = http.request("GET", path, Map.of(), null);
            assertThat(read.status()).as(name + ": " + read.body()).isEqualTo(200);
            assertThat(JSON.readTree(read.bodyBytes()).path("name").asText()).isEqualTo(name);
            RawHttp.Response updated = http.request("PUT", path + "/config", Map.of("Content-Type", "application/json"),
                    json(ApiServer.config(name)));
            assertThat(updated.status()).as(name + ": " + updated.body()).isEqualTo(200);
            assertThat(http.request("PUT", path + "/pause", Map.of(), null).status()).isEqualTo(202);
            RawHttp.Response deleted = http.request("DELETE", path, Map.of(), null);
            assertThat(deleted.status()).as(name + ": " + deleted.body()).isEqualTo(204);
            assertThat(http.request("GET", path, Map.of(), null).status()).isEqualTo(404);
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> fragments = Arbitraries.of("/", "\\", "%", "%2F", "%2E", ".", "..", "?", "#", ";", " ", "+",
                "&", "=", "é", "日本", "\uD83D\uDE00", "\uD800", "\uDC00", "\u0000", "\u001F", "\u007F", "\u0085", "\u200B",
                "\t", "connector", "-", "_", "~", "{", "}", "[", "]", "\"", "'", "<", ">", "|", "^", "`", ":", "@", "!",
                "$", "*", ",", "\u00A0");
        Arbitrary<String> composed = fragments.list().ofMaxSize(6).map(parts -> String.join("", parts));
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<String> longOnes = Arbitraries.strings().withChars("abcé日\uD83D\uDE00").ofMinLength(240).ofMaxLength(300);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, composed),
                net.jqwik.api.Tuple.of(3, anything),
                net.jqwik.api.Tuple.of(1, longOnes),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(".", "..", " ", "", "x".repeat(255), "x".repeat(256))));
    }

    /** A name as a path segment, as the ferry client and browsers' encodeURIComponent send it. */
    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] json(Object value) throws IOException {
        return JSON.writeValueAsBytes(value);
    }

    /** A JSON string with every character outside printable ASCII escaped, so that any UTF-16 string can be sent. */
    static String jsonString(String s) {
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
