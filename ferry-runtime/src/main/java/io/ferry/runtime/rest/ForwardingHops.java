package io.ferry.runtime.rest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How far a request may travel between the workers of a cluster, by Apache Kafka Connect's {@code forward} query
 * parameter, so that Ferry and Apache workers of one cluster forward to each other alike. A request from a client
 * (no {@code forward}) may be forwarded with {@code forward=true}; a worker that receives {@code forward=true} and
 * cannot serve it either (the leader changed meanwhile) may forward it once more with {@code forward=false}; a worker
 * that receives {@code forward=false} (or any other value) and cannot serve it refuses it with 409: two hops find the
 * right worker unless the cluster is rebalancing.
 */
final class ForwardingHops {

    static final String PARAM = "forward";

    /** The refusal of a request that has used up its hops, in Apache Kafka Connect's words. */
    static final String REFUSAL = "Cannot complete request because of a conflicting operation (e.g. worker rebalance)";

    private ForwardingHops() {
    }

    /**
     * The query string to forward a request with, or empty when it may not be forwarded any further.
     *
     * @param query           the request's query string (null when it has none)
     * @param forwardedByOlder the request carries the header older Ferry workers marked forwarded requests with; it
     *                         counts as {@code forward=false} when the query has no {@code forward}
     */
    static Optional<String> nextHop(String query, boolean forwardedByOlder) {
        List<String> kept = new ArrayList<>();
        String forward = null;
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (PARAM.equals(name)) {
                    // The first value counts, as for any query parameter the REST API reads.
                    if (forward == null) {
                        forward = pair.contains("=")
                                ? URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8) : "";
                    }
                } else if (!pair.isEmpty()) {
                    kept.add(pair);
                }
            }
        }
        boolean next;
        if (forward == null) {
            if (forwardedByOlder) {
                return Optional.empty();
            }
            next = true;
        } else if (Boolean.parseBoolean(forward)) {
            next = false;
        } else {
            return Optional.empty();
        }
        kept.add(PARAM + "=" + next);
        return Optional.of(String.join("&", kept));
    }
}
