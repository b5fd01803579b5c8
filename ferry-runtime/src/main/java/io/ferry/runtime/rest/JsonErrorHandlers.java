package io.ferry.runtime.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.rest.entities.ErrorMessage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The errors Jetty answers itself (a request it refuses before the API sees it, a servlet that fails) in the API's
 * own shape, {@code {"error_code":N,"message":"..."}} as JSON, instead of Jetty's HTML pages: clients and probes of
 * a JSON API should never have to parse HTML.
 */
final class JsonErrorHandlers {

    private static final String JSON = "application/json";

    private JsonErrorHandlers() {
    }

    static byte[] body(int status, String message) {
        // Jetty's own wording of a body over the limit gives only numbers; the API's says what the limit is.
        String text = status == HttpStatus.PAYLOAD_TOO_LARGE_413 ? RequestLimits.BODY_TOO_LARGE
                : message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        try {
            return JsonMapper.get().writeValueAsBytes(new ErrorMessage(status, text));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the server: requests no context takes, and requests Jetty refuses while parsing them. */
    static final class ForServer extends org.eclipse.jetty.server.handler.ErrorHandler {

        /** Jetty writes error bodies only for GET, POST and HEAD; the API's errors have one whatever the method. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        /** JSON whatever the request accepts: Jetty would pick HTML, or no body for an unknown type. */
        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
            response.write(true, ByteBuffer.wrap(body(code, message)), callback);
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
            return ByteBuffer.wrap(body(status, reason));
        }
    }

    /** For the API's servlet contexts: a servlet (Jersey) that fails outside the API's own error mapping. */
    static final class ForContext extends org.eclipse.jetty.ee10.servlet.ErrorHandler {

        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected void generateAcceptableResponse(ServletContextRequest baseRequest, HttpServletRequest request,
                                                  HttpServletResponse response, int code, String message)
                throws IOException {
            response.setContentType(JSON);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream().write(body(code, message));
        }
    }
}
