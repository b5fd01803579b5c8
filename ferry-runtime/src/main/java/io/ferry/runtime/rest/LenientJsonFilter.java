package io.ferry.runtime.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.rest.entities.ErrorMessage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;

/**
 * Accepts a JSON body sent with the wrong Content-Type (curl's default form type, after a mangled {@code -H}),
 * but only from clients that are not browsers. A request with an {@code Origin} or {@code Sec-Fetch-*} header comes
 * from a web page; taking its form post as JSON would let any site change connectors, so it is refused.
 */
public class LenientJsonFilter implements Filter {

    private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
    /** The request attribute holding the body bytes as received. */
    public static final String BODY_ATTRIBUTE = "io.ferry.rest.body";

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!BODY_METHODS.contains(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        if (isJson(request.getContentType())) {
            // Kept so that a request this worker must forward to another can be sent on as it came.
            byte[] body = readBody(request, (HttpServletResponse) res);
            if (body == null) {
                return;
            }
            request.setAttribute(BODY_ATTRIBUTE, body);
            chain.doFilter(new JsonRequest(request, body, request.getContentType()), res);
            return;
        }
        if (fromBrowser(request)) {
            if (request.getContentLengthLong() != 0 || request.getContentType() != null) {
                reject((HttpServletResponse) res, request.getContentType());
                return;
            }
            chain.doFilter(req, res);
            return;
        }
        byte[] body = readBody(request, (HttpServletResponse) res);
        if (body == null) {
            return;
        }
        request.setAttribute(BODY_ATTRIBUTE, body);
        if (body.length > 0 && parsesAsJsonStructure(body)) {
            chain.doFilter(new JsonRequest(request, body), res);
        } else {
            chain.doFilter(new JsonRequest(request, body, request.getContentType()), res);
        }
    }

    /**
     * The whole body, or null when it is over {@link RequestLimits#MAX_BODY_BYTES} and 413 was answered: a body cut
     * at the limit would be reported as broken JSON, which hides the real problem.
     */
    private static byte[] readBody(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readNBytes(RequestLimits.MAX_BODY_BYTES + 1);
        if (body.length <= RequestLimits.MAX_BODY_BYTES) {
            return body;
        }
        response.setStatus(413);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        JsonMapper.get().writeValue(response.getOutputStream(), new ErrorMessage(413, RequestLimits.BODY_TOO_LARGE));
        return null;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    static boolean fromBrowser(HttpServletRequest request) {
        if (request.getHeader("Origin") != null) {
            return true;
        }
        Enumeration<String> names = request.getHeaderNames();
        while (names.hasMoreElements()) {
            if (names.nextElement().toLowerCase(Locale.ROOT).startsWith("sec-fetch-")) {
                return true;
            }
        }
        return false;
    }

    private static boolean parsesAsJsonStructure(byte[] body) {
        try {
            JsonNode node = JsonMapper.get().readTree(body);
            return node != null && (node.isObject() || node.isArray());
        } catch (IOException e) {
            return false;
        }
    }

    private static void reject(HttpServletResponse response, String contentType) throws IOException {
        response.setStatus(415);
        response.setContentType("application/json");
        String message = "Unsupported Media Type: requests from web pages must use Content-Type: application/json"
                + (contentType == null ? "" : " (received " + contentType + ")");
        JsonMapper.get().writeValue(response.getOutputStream(), new ErrorMessage(415, message));
    }

    /** The request again, with its body already read, presented as JSON (or with its own type if it is not JSON). */
    private static final class JsonRequest extends HttpServletRequestWrapper {
        private final byte[] body;
        private final String contentType;
        private ServletInputStream stream;

        JsonRequest(HttpServletRequest request, byte[] body) {
            this(request, body, "application/json");
        }

        JsonRequest(HttpServletRequest request, byte[] body, String contentType) {
            super(request);
            this.body = body;
            this.contentType = contentType;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public String getHeader(String name) {
            return "content-type".equalsIgnoreCase(name) ? contentType : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            if ("content-type".equalsIgnoreCase(name)) {
                return contentType == null ? Collections.emptyEnumeration() : Collections.enumeration(Set.of(contentType));
            }
            return super.getHeaders(name);
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public synchronized ServletInputStream getInputStream() {
            if (stream == null) {
                stream = bodyStream();
            }
            return stream;
        }

        private ServletInputStream bodyStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("Synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }
    }
}
