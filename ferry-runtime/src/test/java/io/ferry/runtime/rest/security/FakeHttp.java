package io.ferry.runtime.rest.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Just enough of the servlet API to run a filter: a request, a response that records, a chain that records. */
final class FakeHttp {

    private FakeHttp() {
    }

    static HttpServletRequest request(String method, String path, Map<String, String> headers) {
        return request(method, path, path, headers);
    }

    /** A request whose path as sent ({@code getRequestURI}) differs from the path the server made of it. */
    static HttpServletRequest request(String method, String sent, String path, Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(), v));
        lower.putIfAbsent("host", "127.0.0.1:8083");
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getRequestURI" -> sent;
                    case "getPathInfo" -> path;
                    case "getServletPath" -> "";
                    case "getHeader" -> lower.get(((String) args[0]).toLowerCase());
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "toString" -> method + " " + sent;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static final class Response {
        int status = 200;
        String contentType;
        final List<String> challenges = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        final HttpServletResponse servlet = (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[]{HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "addHeader" -> {
                        if (args[0].equals("WWW-Authenticate")) {
                            challenges.add((String) args[1]);
                        }
                        yield null;
                    }
                    case "setContentType" -> {
                        contentType = (String) args[0];
                        yield null;
                    }
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public void write(int b) {
                            body.write(b);
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                        }
                    };
                    default -> throw new UnsupportedOperationException(m.getName());
                });

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** Records the request that went on, if one did. */
    static final class Chain implements FilterChain {
        ServletRequest passed;

        @Override
        public void doFilter(ServletRequest request, jakarta.servlet.ServletResponse response) {
            passed = request;
        }
    }
}
