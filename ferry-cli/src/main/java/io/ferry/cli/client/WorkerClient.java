package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.cli.client.context.WorkerTarget;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Talks to a worker's REST API, with the credentials and TLS setup of its {@link WorkerTarget}; errors come back as
 * {@link ClientException}s with an exit code.
 */
public final class WorkerClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final WorkerTarget target;
    private final HttpClient http;

    public WorkerClient(String baseUrl) {
        this(WorkerTarget.plain(baseUrl));
    }

    public WorkerClient(WorkerTarget target) {
        this.target = target;
        this.baseUrl = target.url().endsWith("/") ? target.url().substring(0, target.url().length() - 1) : target.url();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (target.ssl() != null) {
            builder.sslContext(target.ssl());
        }
        this.http = builder.build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public static String path(String... segments) {
        StringBuilder sb = new StringBuilder();
        for (String segment : segments) {
            sb.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body);
    }

    public JsonNode patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    /** The parsed answer (null when it has no body); an error answer throws. */
    public JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(120))
                .header("Accept", "application/json");
        if (target.authorization() != null) {
            request.header("Authorization", target.authorization());
        }
        try {
            if (body != null) {
                request.header("Content-Type", "application/json");
                request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            if (response.statusCode() >= 400) {
                String message = text;
                try {
                    JsonNode error = JSON.readTree(text);
                    if (error != null && error.has("message")) {
                        message = error.get("message").asText();
                    }
                } catch (IOException ignored) {
                    // not JSON: show it as it came
                }
                if (response.statusCode() == 401 || response.statusCode() == 403) {
                    throw new ClientException(ClientException.REFUSED, Refusals.message(target, response.statusCode(),
                            response.headers().firstValue("WWW-Authenticate").orElse(null), message));
                }
                throw new ClientException(response.statusCode() == 404 ? ClientException.NOT_FOUND : ClientException.FAILED,
                        "the worker answered " + response.statusCode() + ": " + message);
            }
            return text == null || text.isBlank() ? null : JSON.readTree(text);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ClientException(ClientException.UNREACHABLE, "cannot reach the worker at " + baseUrl
                    + " (set --url, --context or FERRY_URL)");
        } catch (IOException e) {
            ClientException tls = Refusals.tlsFailure(target, baseUrl, e);
            if (tls != null) {
                throw tls;
            }
            throw new ClientException(ClientException.UNREACHABLE, "request to " + baseUrl + path + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ClientException.FAILED, "interrupted");
        }
    }
}
