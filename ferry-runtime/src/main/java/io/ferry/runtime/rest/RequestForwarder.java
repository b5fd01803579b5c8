package io.ferry.runtime.rest;

import io.ferry.runtime.rest.entities.ErrorMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

/**
 * Sends a request on to the worker that must serve it (the leader, or the worker running a task) and answers with
 * that worker's response. A request is forwarded once at most: a worker receiving a forwarded request it cannot
 * serve either answers 409, as the cluster is then changing leaders.
 */
final class RequestForwarder {

    private static final Logger log = LoggerFactory.getLogger(RequestForwarder.class);
    static final String FORWARDED_HEADER = "X-Ferry-Forwarded";
    private static final Set<String> NOT_COPIED = Set.of("host", "content-length", "connection", "transfer-encoding",
            "expect", "upgrade", "http2-settings", "keep-alive", "te", "trailer", "proxy-connection");
    private final HttpClient http;

    RequestForwarder(HttpClient http) {
        this.http = http;
    }

    Response forward(HttpServletRequest request, String targetUrl) {
        if (request.getHeader(FORWARDED_HEADER) != null) {
            return error(409, "Cannot complete request because of a conflicting operation (e.g. worker rebalance)");
        }
        String base = targetUrl.endsWith("/") ? targetUrl.substring(0, targetUrl.length() - 1) : targetUrl;
        String query = request.getQueryString();
        URI uri = URI.create(base + request.getRequestURI() + (query == null ? "" : "?" + query));
        byte[] body = (byte[]) request.getAttribute(LenientJsonFilter.BODY_ATTRIBUTE);
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(90))
                .method(request.getMethod(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (String name : Collections.list(request.getHeaderNames())) {
            if (!NOT_COPIED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    out.header(name, value);
                }
            }
        }
        out.header(FORWARDED_HEADER, "true");
        try {
            log.debug("Forwarding {} {} to {}", request.getMethod(), request.getRequestURI(), targetUrl);
            HttpResponse<byte[]> response = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            Response.ResponseBuilder answer = Response.status(response.statusCode());
            response.headers().firstValue("Content-Type").ifPresent(answer::type);
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

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(status, message)).build();
    }
}
