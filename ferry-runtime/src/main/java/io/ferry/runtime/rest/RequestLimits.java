package io.ferry.runtime.rest;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What the REST server accepts of a request before the API sees it: how large a body and a request head may be, and
 * which encoded paths reach the API. Every refusal is answered as JSON by {@link JsonErrorHandlers}.
 */
final class RequestLimits {

    /** The largest request body: larger ones are answered with 413, never cut short and parsed. */
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** The request line and headers together (Jetty's default, kept explicit): 414 or 431 beyond it. */
    static final int MAX_HEAD_BYTES = 8 * 1024;

    static final String BODY_TOO_LARGE = "Request body is too large: the limit is " + MAX_BODY_BYTES + " bytes (16 MiB)";

    /**
     * Jetty's default URI rules, except that an encoded {@code /} ({@code %2F}) or {@code \} ({@code %5C}), an encoded
     * {@code %} ({@code %25}) and an encoded dot segment ({@code %2E%2E}) are passed on instead of refused. The API
     * routes on the path as it was sent, so {@code /connectors/a%2Fb} names the connector {@code a/b}: a connector
     * whose name holds such characters (created before names were checked, or by another Kafka Connect) stays
     * reachable and deletable. Jetty itself serves no files and maps every path to the one API servlet, so these
     * ambiguities cannot reach anything else.
     */
    static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("FERRY",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
            UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    private RequestLimits() {
    }

    /** A fresh configuration for one listener (TLS listeners add their own customizer to it). */
    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEAD_BYTES);
        http.setUriCompliance(URI_COMPLIANCE);
        return http;
    }

    /**
     * Refuses a body whose {@code Content-Length} is over {@link #MAX_BODY_BYTES} with 413 at once, before any of it
     * is read. A body sent without a length is counted as the API reads it ({@link LenientJsonFilter}), which answers
     * the same 413 when it passes the limit.
     */
    static Handler limitBodies(Handler next) {
        return new Handler.Wrapper(next) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                long length = request.getLength();
                if (length > MAX_BODY_BYTES) {
                    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
                    Response.writeError(request, response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, BODY_TOO_LARGE);
                    return true;
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
