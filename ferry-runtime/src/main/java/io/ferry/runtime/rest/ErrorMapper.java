package io.ferry.runtime.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.rest.entities.ErrorMessage;
import io.ferry.runtime.cluster.ForwardRequestException;
import io.ferry.runtime.cluster.InternalRequestRejectedException;
import io.ferry.runtime.cluster.ConflictException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.AlreadyExistsException;
import org.apache.kafka.connect.errors.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every exception into {@code {"error_code":N,"message":"..."}} with the matching HTTP status;
 * requests another worker must serve are forwarded there.
 */
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private final RequestForwarder forwarder;

    @Context
    private HttpServletRequest request;

    ErrorMapper(RequestForwarder forwarder) {
        this.forwarder = forwarder;
    }

    @Override
    public Response toResponse(Throwable e) {
        if (e instanceof ForwardRequestException forward && request != null) {
            return forwarder.forward(request, forward.targetUrl());
        }
        int status;
        String message = e.getMessage();
        if (e instanceof ConflictException) {
            status = 409;
        } else if (e instanceof InternalRequestRejectedException rejected) {
            status = rejected.reason().httpStatus();
        } else if (e instanceof RestException re) {
            status = re.status();
        } else if (e instanceof NotFoundException) {
            status = 404;
        } else if (e instanceof AlreadyExistsException) {
            status = 409;
        } else if (e instanceof InvalidRequestException || e instanceof ConfigException) {
            status = 400;
        } else if (e instanceof JsonProcessingException jpe) {
            status = 400;
            message = describe(jpe);
        } else if (e instanceof WebApplicationException wae) {
            status = wae.getResponse().getStatus();
            if (wae.getCause() instanceof JsonProcessingException jpe) {
                status = 400;
                message = describe(jpe);
            }
        } else {
            status = 500;
            log.error("Uncaught exception in REST call", e);
        }
        if (status >= 500) {
            log.debug("REST request failed with {}", status, e);
        }
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(status, message)).build();
    }

    /** A message that says what is wrong with the JSON and where. */
    static String describe(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder("Request body is not valid JSON for this request: ").append(e.getOriginalMessage());
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            sb.append(" (line ").append(e.getLocation().getLineNr()).append(", column ")
                    .append(e.getLocation().getColumnNr()).append(')');
        }
        return sb.toString();
    }
}
