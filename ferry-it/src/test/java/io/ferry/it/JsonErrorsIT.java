package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every error the REST server answers is JSON {@code {error_code, message}}, including those Jetty answers before
 * the API sees the request: a bad URI, a request line or headers over the limit, a body over the limit, a method a
 * path does not serve, a broken request.
 */
class JsonErrorsIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY_TOO_LARGE = "Request body is too large: the limit is 16777216 bytes (16 MiB)";

    @TempDir
    static Path dir;
    private static StandaloneWorker worker;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start();
        http = new RawHttp("127.0.0.1", worker.runtime().restPort(), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        worker.close();
    }

    private static JsonNode assertJsonError(RawHttp.Response response, int status) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/json");
        JsonNode error = JSON.readTree(response.bodyBytes());
        assertThat(error.path("error_code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asText()).isNotBlank();
        return error;
    }

    private static byte[] jsonOf(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    @Test
    void aBadUriIs400() throws IOException {
        assertJsonError(http.request("GET", "/connectors/%FF", Map.of(), null), 400);
        assertJsonError(http.request("GET", "/connectors/%2", Map.of(), null), 400);
        assertJsonError(http.request("GET", "/connectors/%00", Map.of("Accept", "text/html"), null), 400);
        assertJsonError(http.send("GET /connectors/a\u0001b HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8)), 400);
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws IOException {
        assertJsonError(http.request("GET", "/connectors/" + "x".repeat(9000), Map.of("Accept", "text/html"), null), 414);
    }

    @Test
    void headersOverTheLimitAre431() throws IOException {
        assertJsonError(http.request("GET", "/", Map.of("X-Large", "y".repeat(20_000), "Accept", "text/html"), null), 431);
    }

    @Test
    void aBodyOverTheLimitIs413WithTheLimitInTheMessage() throws IOException {
        // Refused on its Content-Length, before any of it is read.
        JsonNode declared = assertJsonError(http.request("POST", "/connectors",
                Map.of("Content-Type", "application/json", "Content-Length", "52428800"), new byte[0]), 413);
        assertThat(declared.path("message").asText()).isEqualTo(BODY_TOO_LARGE);
        // Whatever the method: Jetty on its own writes error bodies only for GET, POST and HEAD.
        assertThat(assertJsonError(http.request("DELETE", "/connectors/c", Map.of("Content-Length", "99999999999"),
                new byte[0]), 413).path("message").asText()).isEqualTo(BODY_TOO_LARGE);
        // Sent in full: refused, not cut at the limit and reported as broken JSON.
        JsonNode sent = assertJsonError(http.request("POST", "/connectors", Map.of("Content-Type", "application/json"),
                jsonOf(17 * 1024 * 1024)), 413);
        assertThat(sent.path("message").asText()).isEqualTo(BODY_TOO_LARGE);
        // Streamed without a length: refused once the bytes pass the limit.
        JsonNode streamed = assertJsonError(http.request("PUT", "/connectors/c/config",
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), chunked(jsonOf(17 * 1024 * 1024))), 413);
        assertThat(streamed.path("message").asText()).isEqualTo(BODY_TOO_LARGE);
        // At the limit the body is read whole and judged as JSON.
        JsonNode atLimit = assertJsonError(http.request("POST", "/connectors", Map.of("Content-Type", "application/json"),
                jsonOf(16 * 1024 * 1024)), 400);
        assertThat(atLimit.path("message").asText()).doesNotContain("not valid JSON");
    }

    @Test
    void aMethodAPathDoesNotServeIs405() throws IOException {
        assertJsonError(http.request("DELETE", "/", Map.of("Accept", "text/html"), null), 405);
        assertJsonError(http.request("PATCH", "/connectors", Map.of(), null), 405);
        assertJsonError(http.request("BREW", "/connectors", Map.of(), null), 405);
    }

    @Test
    void brokenRequestsAreAnsweredAsJson() throws IOException {
        assertJsonError(http.request("POST", "/connectors", Map.of("Content-Type", "application/json", "Content-Length", "abc"),
                "{}".getBytes(StandardCharsets.UTF_8)), 400);
        assertJsonError(http.send("garbage\r\n\r\n".getBytes(StandardCharsets.UTF_8)), 400);
        assertJsonError(http.send("GET / HTTP/9.9\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8)), 505);
        assertJsonError(http.request("GET", "/no/such/path", Map.of("Accept", "text/html"), null), 404);
    }

    private static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 65536) {
            int n = Math.min(65536, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
