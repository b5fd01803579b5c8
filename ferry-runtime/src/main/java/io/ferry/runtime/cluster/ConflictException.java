package io.ferry.runtime.cluster;

import org.apache.kafka.connect.errors.ConnectException;

/** A request that conflicts with a change made meanwhile (HTTP 409); the client may retry it. */
public class ConflictException extends ConnectException {

    public ConflictException(String message) {
        super(message);
    }
}
