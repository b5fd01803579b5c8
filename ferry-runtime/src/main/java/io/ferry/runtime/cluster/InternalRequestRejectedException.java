package io.ferry.runtime.cluster;

import org.apache.kafka.connect.errors.ConnectException;

/** A request from another worker whose signature could not be accepted; {@link Reason} says how to answer it. */
public class InternalRequestRejectedException extends ConnectException {

    public enum Reason {
        /** No signature, or one in an unaccepted algorithm: 400. */
        MALFORMED(400),
        /** This worker has no session key yet: 503. */
        NOT_READY(503),
        /** The signature was not made with the session key: 403. */
        INVALID(403);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Reason reason;

    public InternalRequestRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
