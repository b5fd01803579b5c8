package io.ferry.runtime.model;

import org.apache.kafka.connect.errors.ConnectException;

/** A request the control plane refuses because of what it asked for; the REST API answers 400. */
public class InvalidRequestException extends ConnectException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
