package io.ferry.runtime.rest;

import io.ferry.runtime.cluster.ClusterClient;
import io.ferry.runtime.rest.entities.ErrorMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sends a request on to the worker that must serve it (the leader, or the worker running a task) and answers with
 * that worker's response. How often a request may be forwarded is {@link ForwardingHops}' rule, Apache Kafka
 * Connect's: a worker that may not forward it any further answers 409, as the cluster is then changing leaders.
 */
final class RequestForwarder {

    private static final Logger log = LoggerFactory.getLogger(RequestForwarder.class);
    /** Marked forwarded requests before the {@code forward} parameter was used; still honoured, no longer sent. */
    static final String FORWARDED_HEADER = "X-Ferry-Forwarded";
    private static final Set<String> NOT_COPIED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "http2-settings", "keep-alive", "te", "trailer", "proxy-connection");
    private final ClusterClient http;

    RequestForwarder(ClusterClient http) {
        this.http = http;
    }

    Response forward(HttpServletRequest request, String targetUrl) {
        Optional<String> query = ForwardingHops.nextHop(request.getQueryString(),
                request.getHeader(FORWARDED_HEADER) != null);
        if (query.isEmpty()) {
            log.error("Request '{} {}' failed: it did not reach the worker that can serve it within two hops",
                    request.getMethod(), request.getRequestURI());
            return error(409, ForwardingHops.REFUSAL);
        }
        String base = targetUrl.endsWith("/") ? targetUrl.substring(0, targetUrl.length() - 1) : targetUrl;
        URI uri = URI.create(base + request.getRequestURI() + "?" + query.get());
        byte[] body = (byte[]) request.getAttribute(LenientJsonFilter.BODY_ATTRIBUTE);
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .method(request.getMethod(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase(FORWARDED_HEADER)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    out.header(name, value);
                }
            }
        }
        try {
            log.debug("Forwarding {} {} to {}", request.getMethod(), request.getRequestURI(), targetUrl);
            HttpResponse<byte[]> response = http.get().send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder answer = Response.status(response.statusCode());
            response.headers().firstValue("Content-Type").ifPresent(answer::type);
            // A created connector's Location names it on this worker, as if this worker had created it.
            response.headers().firstValue("Location").ifPresent(location -> answer.location(here(request, location)));
            if (response.body().length > 0) {
                answer.entity(response.body());
            }
            return answer.build();
        } catch (IOException e) {
            return error(500, "Could not forward the request to " + targetUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(500, "Interrupted while forwarding the request to " + targetUrl);
        }
    }

    private static URI here(HttpServletRequest request, String location) {
        String url = request.getRequestURL().toString();
        String base = url.substring(0, url.length() - request.getRequestURI().length());
        URI target = URI.create(location);
        return URI.create(base + target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(status, message)).build();
    }
}
