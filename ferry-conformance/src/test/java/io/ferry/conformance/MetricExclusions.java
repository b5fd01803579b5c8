package io.ferry.conformance;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Apache Kafka Connect metrics that are not required of Ferry, each with the reason. Kept as short as possible:
 * a metric of a client Apache creates is expected of Ferry too when Ferry does the same work.
 */
final class MetricExclusions {

    private MetricExclusions() {
    }

    /** Reason by predicate over normalised (MBean, attribute) pairs. */
    static final Map<String, Predicate<MetricNames.Key>> BY_REASON = Map.of();

    /** Removes the excluded pairs from the set and returns them. */
    static Set<MetricNames.Key> removeFrom(Set<MetricNames.Key> keys) {
        Set<MetricNames.Key> excluded = new TreeSet<>();
        for (MetricNames.Key key : keys) {
            if (BY_REASON.values().stream().anyMatch(p -> p.test(key))) {
                excluded.add(key);
            }
        }
        keys.removeAll(excluded);
        return excluded;
    }
}
