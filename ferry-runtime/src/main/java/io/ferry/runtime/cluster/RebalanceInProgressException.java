package io.ferry.runtime.cluster;

/** A change was asked for while the cluster is rebalancing; the client should retry (HTTP 409). */
public class RebalanceInProgressException extends ConflictException {

    public RebalanceInProgressException() {
        super("Request cannot be completed because a rebalance is expected");
    }
}
