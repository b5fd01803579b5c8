package io.ferry.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testsupport.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bodies over the limit are refused with 413 and the limit, however they are sent; bodies at the limit are read whole. */
class RequestLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiServer api;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        api = new ApiServer();
        http = api.http();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void assertTooLarge(RawHttp.Response response) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.contentType()).as(response.headers() + " " + response.body()).startsWith("application/json");
        JsonNode error = JSON.readTree(response.bodyBytes());
        assertThat(error.path("error_code").asInt()).isEqualTo(413);
        assertThat(error.path("message").asText()).isEqualTo("Request body is too large: the limit is 16777216 bytes (16 MiB)");
    }

    @Test
    void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsSent() throws IOException {
        assertTooLarge(http.request("POST", "/connectors", Map.of("Content-Type", "application/json",
                "Content-Length", Long.toString(RequestLimits.MAX_BODY_BYTES + 1L)), new byte[0]));
        assertTooLarge(http.request("DELETE", "/connectors/c", Map.of("Content-Length", "99999999999"), new byte[0]));
    }

    @Test
    void aBodyStreamedPastTheLimitIsRefusedWhateverItsType() throws IOException {
        byte[] body = jsonObjectOf(RequestLimits.MAX_BODY_BYTES + 1);
        assertTooLarge(http.request("POST", "/connectors", Map.of("Content-Type", "application/json",
                "Transfer-Encoding", "chunked"), chunked(body)));
        assertTooLarge(http.request("PUT", "/connectors/c/config", Map.of("Content-Type", "text/plain",
                "Transfer-Encoding", "chunked"), chunked(body)));
        assertTooLarge(http.request("PATCH", "/connectors/c/config", Map.of("Content-Type", "application/json"), body));
    }

    @Test
    void aBodyAtTheLimitIsReadWholeAndJudgedAsJson() throws IOException {
        RawHttp.Response response = http.request("POST", "/connectors", Map.of("Content-Type", "application/json"),
                jsonObjectOf(RequestLimits.MAX_BODY_BYTES));
        assertThat(response.status()).isEqualTo(400);
        assertThat(JSON.readTree(response.bodyBytes()).path("message").asText())
                .isEqualTo("Connector config is missing: the request needs a 'config' object");
    }

    private static byte[] jsonObjectOf(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
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
