package io.ferry.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken byte by byte over a socket, for requests a well-behaved client cannot send: malformed request
 * lines, wrong Content-Length, paths with raw control characters, headers beyond any limit. Every request is sent
 * with {@code Connection: close} semantics: the response is read until the server closes or its framing ends, and
 * no read waits longer than the timeout, so a server that hangs fails the test instead of blocking it.
 */
public final class RawHttp {

    /** A response as received; {@code status} is -1 when the server closed without answering. */
    public record Response(int status, Map<String, String> headers, byte[] bodyBytes) {

        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        /** A header by name, case-insensitive, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String contentType() {
            String type = header("content-type");
            return type == null ? null : type.toLowerCase(Locale.ROOT);
        }
    }

    private final String host;
    private final int port;
    private final Duration timeout;

    public RawHttp(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** A request line, headers (Host and Connection: close added when absent) and a body, as given. */
    public Response request(String method, String target, Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", host + ":" + port);
        all.put("Connection", "close");
        boolean chunked = headers.keySet().stream().anyMatch("Transfer-Encoding"::equalsIgnoreCase);
        if (body != null && !chunked) {
            all.put("Content-Length", Integer.toString(body.length));
        }
        headers.forEach((name, value) -> {
            all.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            all.put(name, value);
        });
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        if (body == null || body.length == 0) {
            return send(headBytes);
        }
        byte[] bytes = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
        System.arraycopy(body, 0, bytes, headBytes.length, body.length);
        return send(bytes);
    }

    /** Sends the bytes as they are and reads what comes back. */
    public Response send(byte[] request) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before it has read everything (a body over its limit): read on.
            }
            return read(socket.getInputStream(), deadline);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No complete response within " + timeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Response read(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        while (headEnd < 0) {
            int n = readSome(in, buffer, deadline);
            if (n < 0) {
                return received.size() == 0 ? new Response(-1, Map.of(), new byte[0])
                        : parseHead(received.toByteArray(), received.size(), new byte[0]);
            }
            received.write(buffer, 0, n);
            headEnd = indexOf(received.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        byte[] all = received.toByteArray();
        Response head = parseHead(all, headEnd, new byte[0]);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(all, headEnd + 4, all.length - headEnd - 4);
        String length = head.header("content-length");
        boolean chunked = "chunked".equalsIgnoreCase(head.header("transfer-encoding"));
        if (length != null) {
            long expected = Long.parseLong(length.trim());
            while (body.size() < expected) {
                int n = readSome(in, buffer, deadline);
                if (n < 0) {
                    break;
                }
                body.write(buffer, 0, n);
            }
        } else {
            int n;
            while ((n = readSome(in, buffer, deadline)) >= 0) {
                body.write(buffer, 0, n);
                if (chunked && endsWith(body.toByteArray(), "0\r\n\r\n")) {
                    break;
                }
            }
        }
        byte[] bytes = chunked ? dechunk(body.toByteArray()) : body.toByteArray();
        return new Response(head.status(), head.headers(), bytes);
    }

    private int readSome(InputStream in, byte[] buffer, long deadline) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new SocketTimeoutException("Response not complete within " + timeout);
        }
        try {
            return in.read(buffer);
        } catch (IOException e) {
            if (e instanceof SocketTimeoutException) {
                throw e;
            }
            return -1; // reset by the server after its answer
        }
    }

    private static Response parseHead(byte[] bytes, int end, byte[] body) {
        String[] lines = new String(bytes, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = statusLine.length > 1 ? Integer.parseInt(statusLine[1].trim()) : -1;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        return new Response(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < chunked.length) {
            int lineEnd = indexOf(chunked, pos, "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, pos, lineEnd - pos, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(size, chunked.length - start));
            pos = start + size + 2;
        }
        return out.toByteArray();
    }

    private static boolean endsWith(byte[] bytes, String suffix) {
        byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length < s.length) {
            return false;
        }
        for (int i = 0; i < s.length; i++) {
            if (bytes[bytes.length - s.length + i] != s[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        return indexOf(bytes, 0, pattern);
    }

    private static int indexOf(byte[] bytes, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
