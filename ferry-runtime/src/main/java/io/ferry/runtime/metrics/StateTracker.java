package io.ferry.runtime.metrics;

import io.ferry.runtime.model.ComponentState;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The state a connector or task last reported, and how long it has spent in each state since it was created, for
 * the {@code status} and {@code *-ratio} metrics. Written by the component's thread, read by reporters.
 */
final class StateTracker {

    private final long createdMs;
    private final Map<ComponentState, Long> completedMs = new EnumMap<>(ComponentState.class);
    private ComponentState state;
    private long sinceMs;

    StateTracker(ComponentState initial, long nowMs) {
        this.createdMs = nowMs;
        this.state = initial;
        this.sinceMs = nowMs;
    }

    synchronized void change(ComponentState next, long nowMs) {
        if (next == state) {
            return;
        }
        completedMs.merge(state, nowMs - sinceMs, Long::sum);
        state = next;
        sinceMs = nowMs;
    }

    synchronized ComponentState state() {
        return state;
    }

    /** Apache Kafka Connect's spelling of a state in metrics: lower case. */
    static String metricValue(ComponentState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** The fraction of the lifetime so far spent in {@code inState}; 0 before any time has passed. */
    synchronized double ratio(ComponentState inState, long nowMs) {
        long lifetime = nowMs - createdMs;
        if (lifetime <= 0) {
            return 0.0;
        }
        long spent = completedMs.getOrDefault(inState, 0L) + (state == inState ? nowMs - sinceMs : 0L);
        return (double) spent / lifetime;
    }
}
