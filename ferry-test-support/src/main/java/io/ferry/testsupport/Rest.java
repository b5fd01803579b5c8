package io.ferry.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A small HTTP client for a worker's REST API (Ferry's or Apache Kafka Connect's), returning status, headers and
 * parsed JSON. Two ways to send:
 * <ul>
 *   <li>{@link #get}, {@link #post}, {@link #put}, {@link #patch}, {@link #delete} and {@link #send}: the request as
 *   given; a {@code String} body goes out as it is, any other object as JSON, and a request without a body has no
 *   content type;</li>
 *   <li>{@link #call}: a JSON call, {@code Content-Type: application/json} on every request and the body (a
 *   {@code String} too) written as JSON.</li>
 * </ul>
 */
public final class Rest {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    /** A trust store (PKCS12) for workers that serve HTTPS. */
    public record Tls(Path truststore, String password) {
        HttpClient client() {
            try (InputStream in = Files.newInputStream(truststore)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(context).build();
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("Cannot read the trust store " + truststore, e);
            }
        }
    }

    public record Response(int status, String body, Map<String, List<String>> headers) {
        /** The body as JSON, or null when it is empty. */
        public JsonNode json() {
            try {
                return body == null || body.isEmpty() ? null : JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }

    private final String baseUrl;
    private final HttpClient client;

    public Rest(String baseUrl) {
        this(baseUrl, null);
    }

    public Rest(String baseUrl, Tls tls) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.client = tls == null ? HTTP : tls.client();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Response get(String path) {
        return send("GET", path, null, "application/json", Map.of());
    }

    public Response delete(String path) {
        return send("DELETE", path, null, null, Map.of());
    }

    public Response post(String path, Object json) {
        return send("POST", path, toJson(json), "application/json", Map.of());
    }

    public Response put(String path, Object json) {
        return send("PUT", path, json == null ? null : toJson(json), json == null ? null : "application/json", Map.of());
    }

    public Response patch(String path, Object json) {
        return send("PATCH", path, toJson(json), "application/json", Map.of());
    }

    /** Sends a request exactly as given: raw body, any content type (none when null), extra headers. */
    public Response send(String method, String path, String body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        headers.forEach(builder::header);
        builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JSON call: {@code Content-Type: application/json} whatever the method, the body (if any) written as JSON. */
    public Response call(String method, String path, Object body) {
        return call(method, path, body, Map.of());
    }

    /** A JSON call with extra headers. */
    public Response call(String method, String path, Object body, Map<String, String> headers) {
        String json;
        try {
            json = body == null ? null : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(method, path, json, "application/json", headers);
    }

    /** The status code of a GET, or -1 when the worker cannot be reached. */
    public int status(String path) {
        try {
            return call("GET", path, null).status();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    /** The JSON of a GET that must answer 200 (anything else throws). */
    public JsonNode getJson(String path) {
        Response r = call("GET", path, null);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** POST /connectors as a JSON call. */
    public Response createConnector(String name, Map<String, String> config) {
        return call("POST", "/connectors", Map.of("name", name, "config", config));
    }

    /** POST /connectors with an {@code initial_state} (KIP-980) as a JSON call. */
    public Response createConnector(String name, Map<String, String> config, String initialState) {
        return call("POST", "/connectors", Map.of("name", name, "config", config, "initial_state", initialState));
    }

    /** A {@code String} as it is, anything else as JSON. */
    public static String toJson(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
