package io.ferry.runtime.worker;

import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** The topics each connector has actually produced to or consumed from since it was created or last reset (KIP-558). */
public final class TopicTracker {

    private final boolean enabled;
    private final Map<String, Set<String>> topics = new ConcurrentHashMap<>();

    public TopicTracker(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    public void recordUse(String connector, String topic, int task) {
        if (!enabled) {
            return;
        }
        Set<String> used = topics.get(connector);
        if (used == null) {
            used = topics.computeIfAbsent(connector, c -> ConcurrentHashMap.newKeySet());
        }
        used.add(topic);
    }

    public SortedSet<String> topics(String connector) {
        return new TreeSet<>(topics.getOrDefault(connector, Set.of()));
    }

    public void reset(String connector) {
        topics.remove(connector);
    }
}
