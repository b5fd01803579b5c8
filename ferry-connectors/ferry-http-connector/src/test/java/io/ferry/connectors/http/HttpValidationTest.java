package io.ferry.connectors.http;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HttpValidationTest {

    private static List<String> errors(Config config, String key) {
        return config.configValues().stream().filter(v -> v.name().equals(key)).findFirst().map(ConfigValue::errorMessages).orElseThrow();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aUrlMustBeHttpWithAHostAndItsServerMustAnswer() throws IOException {
        HttpSinkConnector sink = new HttpSinkConnector();
        assertThat(errors(sink.validate(Map.of("topics", "t", "http.url", "ftp://example.com/x")), "http.url"))
                .singleElement().asString().contains("http:// or https://");
        int port = closedPort();
        assertThat(errors(sink.validate(Map.of("topics", "t", "http.url", "http://127.0.0.1:" + port + "/in")), "http.url"))
                .singleElement().asString().startsWith("Cannot reach the HTTP server at 127.0.0.1:" + port);
    }

    @Test
    void theSourcesOffsetPlaceholderIsPartOfAValidUrl() throws IOException {
        Config config = new HttpSourceConnector().validate(Map.of("kafka.topic", "t",
                "http.url", "http://127.0.0.1:" + closedPort() + "/events?since=${offset}"));
        assertThat(errors(config, "http.url")).singleElement().asString().startsWith("Cannot reach");
    }

    @Test
    void authenticationNeedsItsCredentialsAndHeadersTheirNames() {
        Config config = new HttpSinkConnector().validate(Map.of("topics", "t", "http.url", "http://127.0.0.1:1/in",
                "http.auth.type", "bearer", "http.headers", "X-Ok: yes, no-colon-here"));
        assertThat(errors(config, "http.auth.token")).containsExactly("bearer authentication needs a token");
        assertThat(errors(config, "http.headers")).singleElement().asString().contains("'Name: value'");
    }
}
