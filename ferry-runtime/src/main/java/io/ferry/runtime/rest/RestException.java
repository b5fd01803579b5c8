package io.ferry.runtime.rest;

import org.apache.kafka.connect.errors.ConnectException;

/** An error with the HTTP status the REST API answers it with. */
public class RestException extends ConnectException {

    private final int status;

    public RestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
