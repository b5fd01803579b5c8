package io.ferry.connectors.http;

import io.ferry.connectors.common.TlsStores;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends a connector's requests: its headers and authentication on each, retries with backoff for answers that may
 * pass. Waits between retries end early when the task stops ({@link #stop}), so a stopping task is not held up.
 */
final class HttpCaller {

    private static final Logger log = LoggerFactory.getLogger(HttpCaller.class);
    private static final int BODY_IN_MESSAGES = 500;

    /** Retries ran out: the last answer's status (0 for a network error) and what went wrong. */
    static final class RetriesExhausted extends ConnectException {
        RetriesExhausted(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The task is stopping while a request waited for its retry. */
    static final class Stopped extends ConnectException {
        Stopped() {
            super("The task is stopping");
        }
    }

    private final HttpConfig config;
    private final HttpClient client;
    private final RetryPolicy retry;
    private final CountDownLatch stopped = new CountDownLatch(1);
    final AtomicLong requests = new AtomicLong();
    final AtomicLong retries = new AtomicLong();

    HttpCaller(HttpConfig config) {
        this.config = config;
        this.retry = config.retryPolicy();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(Duration.ofMillis(config.getInt(HttpConfig.CONNECT_TIMEOUT_MS)))
                .followRedirects(HttpClient.Redirect.NORMAL);
        if ("https".equalsIgnoreCase(config.url().getScheme())) {
            builder.sslContext(new TlsStores(config, "http.").sslContext());
        }
        this.client = builder.build();
    }

    /** A request to {@code uri} with the configured headers, authentication and timeout. */
    HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(config.getInt(HttpConfig.REQUEST_TIMEOUT_MS)));
        for (Map.Entry<String, String> header : config.headers()) {
            request.header(header.getKey(), header.getValue());
        }
        switch (config.getString(HttpConfig.AUTH_TYPE)) {
            case HttpConfig.AUTH_BASIC -> {
                String password = config.password(HttpConfig.AUTH_PASSWORD);
                String pair = config.getString(HttpConfig.AUTH_USERNAME) + ":" + (password == null ? "" : password);
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            case HttpConfig.AUTH_BEARER -> request.header("Authorization", "Bearer " + config.password(HttpConfig.AUTH_TOKEN));
            default -> { }
        }
        return request;
    }

    /**
     * Sends the request and returns the answer: a success, or a status not worth retrying (the caller decides what
     * that means). Network errors and 408, 429 and 5xx answers are retried up to {@code max.retries} times.
     */
    HttpResponse<byte[]> send(HttpRequest request) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            requests.incrementAndGet();
            String problem;
            String retryAfter = null;
            Throwable cause = null;
            try {
                HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                if (!RetryPolicy.retriable(response.statusCode())) {
                    return response;
                }
                problem = "answered " + response.statusCode() + ": " + bodyText(response);
                retryAfter = response.headers().firstValue("Retry-After").orElse(null);
            } catch (IOException e) {
                problem = "failed: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
                cause = e;
            }
            String what = request.method() + " " + request.uri();
            if (attempt >= retry.maxRetries()) {
                throw new RetriesExhausted(what + " " + problem + " (after " + retry.maxRetries() + " retries, " + HttpConfig.MAX_RETRIES + ")", cause);
            }
            long delay = retry.delayMs(attempt + 1, retryAfter, System.currentTimeMillis());
            log.warn("{} {}; retrying in {} ms", what, problem, delay);
            retries.incrementAndGet();
            if (stopped.await(delay, TimeUnit.MILLISECONDS)) {
                throw new Stopped();
            }
        }
    }

    /** The start of an answer's body, for messages. */
    static String bodyText(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8).strip();
        return body.length() <= BODY_IN_MESSAGES ? body : body.substring(0, BODY_IN_MESSAGES) + "...";
    }

    /** Ends a wait for a retry at once; later sends still work (a stopped task sends nothing more anyway). */
    void stop() {
        stopped.countDown();
    }
}
