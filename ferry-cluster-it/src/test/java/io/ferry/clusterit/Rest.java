package io.ferry.clusterit;

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
import java.util.Map;

/** A small JSON client for one worker's REST API. */
final class Rest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Reply(int status, JsonNode body) {
    }

    /** A trust store (PKCS12) for workers that serve HTTPS. */
    record Tls(Path truststore, String password) {
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

    private final String base;
    private final HttpClient http;

    Rest(String base) {
        this(base, null);
    }

    Rest(String base, Tls tls) {
        this.base = base;
        this.http = tls == null ? HTTP : tls.client();
    }

    Reply call(String method, String path, Object body) {
        return call(method, path, body, Map.of());
    }

    Reply call(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            headers.forEach(request::header);
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode node = response.body().length == 0 ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The status code of a GET, or -1 when the worker cannot be reached. */
    int status(String path) {
        try {
            return call("GET", path, null).status();
        } catch (UncheckedIOException e) {
            return -1;
        }
    }

    JsonNode get(String path) {
        Reply r = call("GET", path, null);
        if (r.status() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.status() + ": " + r.body());
        }
        return r.body();
    }

    Reply createConnector(String name, Map<String, String> config) {
        return call("POST", "/connectors", Map.of("name", name, "config", config));
    }

    Reply createConnector(String name, Map<String, String> config, String initialState) {
        return call("POST", "/connectors", Map.of("name", name, "config", config, "initial_state", initialState));
    }
}
