package io.ferry.runtime.cluster;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * This worker cannot serve the request itself: another worker of the cluster (the leader, or the worker running a
 * task) must. The REST layer passes the request on to {@link #targetUrl()} and answers with that worker's response.
 */
public class ForwardRequestException extends ConnectException {

    private final String targetUrl;

    public ForwardRequestException(String targetUrl, String reason) {
        super(reason);
        this.targetUrl = targetUrl;
    }

    public String targetUrl() {
        return targetUrl;
    }
}
