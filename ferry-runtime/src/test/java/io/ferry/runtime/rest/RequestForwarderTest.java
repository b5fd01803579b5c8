package io.ferry.runtime.rest;

import com.sun.net.httpserver.HttpServer;
import io.ferry.runtime.cluster.ClusterClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What the worker a request is forwarded to receives: the caller's credentials, so that it can check them too. */
class RequestForwarderTest {

    private final Map<String, String> received = new ConcurrentHashMap<>();
    private HttpServer leader;

    @AfterEach
    void stop() {
        if (leader != null) {
            leader.stop(0);
        }
    }

    @Test
    void theCallersAuthorizationHeaderGoesWithTheRequest() throws Exception {
        leader = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        leader.createContext("/", exchange -> {
            exchange.getRequestHeaders().forEach((k, v) -> received.put(k.toLowerCase(), v.get(0)));
            received.put("path", exchange.getRequestURI().toString());
            received.put("method", exchange.getRequestMethod());
            byte[] body = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        leader.start();
        Map<String, String> headers = Map.of("Authorization", "Basic b3BzOm9wcy1wdw==", "Host", "follower:8083",
                "Content-Type", "application/json");
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getHeaderNames" -> Collections.enumeration(headers.keySet());
                    case "getHeaders" -> Collections.enumeration(List.of(headers.get((String) args[0])));
                    case "getMethod" -> "POST";
                    case "getRequestURI" -> "/connectors";
                    case "getQueryString" -> null;
                    case "getAttribute" -> "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
                    default -> throw new UnsupportedOperationException(m.getName());
                });

        Response response = new RequestForwarder(ClusterClient.of(HttpClient.newHttpClient()))
                .forward(request, "http://127.0.0.1:" + leader.getAddress().getPort() + "/");

        assertThat(response.getStatus()).isEqualTo(201);
        assertThat(received).containsEntry("authorization", "Basic b3BzOm9wcy1wdw==")
                .containsEntry("method", "POST").containsEntry("path", "/connectors?forward=true");
        // The Host header names the worker it is sent to, which that worker's Host header check accepts.
        assertThat(received.get("host")).startsWith("127.0.0.1:");
    }
}
