package io.ferry.runtime.worker;

import io.ferry.runtime.storage.TopicStatusListener;
import io.ferry.runtime.storage.TopicStatusWriter;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topics each connector has actually produced to or consumed from since it was created or last reset (KIP-558).
 * In a cluster every worker's tracker tells a {@link TopicStatusWriter} what its tasks used, and learns, through
 * {@link #applyRemote}, what tasks elsewhere used.
 */
public final class TopicTracker implements TopicStatusListener {

    private final boolean enabled;
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>();
    private volatile TopicStatusWriter listener;

    public TopicTracker(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public void setListener(TopicStatusWriter listener) {
        this.listener = listener;
    }

    public void recordUse(String connector, String topic, int task) {
        if (!enabled) {
            return;
        }
        Set<String> used = topics.get(connector);
        if (used == null) {
            used = topics.computeIfAbsent(connector, c -> ConcurrentHashMap.newKeySet());
        }
        if (used.add(topic) && listener != null) {
            listener.used(connector, topic, task);
        }
    }

    /** A use (or with {@code used} false, a reset) that another worker reported. */
    @Override
    public void applyRemote(String connector, String topic, boolean used) {
        if (used) {
            topics.computeIfAbsent(connector, c -> ConcurrentHashMap.newKeySet()).add(topic);
        } else {
            Set<String> set = topics.get(connector);
            if (set != null) {
                set.remove(topic);
            }
        }
    }

    public SortedSet<String> topics(String connector) {
        return new TreeSet<>(topics.getOrDefault(connector, Set.of()));
    }

    public void reset(String connector) {
        Set<String> removed = topics.remove(connector);
        if (removed != null && !removed.isEmpty() && listener != null) {
            listener.reset(connector, removed);
        }
    }
}
