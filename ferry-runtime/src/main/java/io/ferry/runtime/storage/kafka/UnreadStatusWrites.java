package io.ferry.runtime.storage.kafka;

import io.ferry.runtime.model.ComponentStatus;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status records this worker wrote and has not read back from the status topic yet, per key. A worker shows a
 * status as soon as it writes it; while a key has records of its own still unread, the records read back for that key
 * (its own earlier ones, or other workers' that precede its write in the topic) must not replace what it shows, or a
 * status read would go back in time (RUNNING, then the UNASSIGNED of the restart read back late, then RUNNING again).
 * What those records say is kept aside and shown once the last unread write is read back (or could not be sent): from
 * then on the topic's order decides, as for every other worker. Not thread-safe: the store guards it.
 */
final class UnreadStatusWrites {

    /** What to show for a key now: the status the topic's records give it, or none ({@code null}). */
    record Show(ComponentStatus status) {
    }

    private static final class Unread {
        /** Record values written and not yet read back, in the order written; {@code null} for a tombstone. */
        final List<byte[]> values = new ArrayList<>();
        /** The status the records read back so far give the key. */
        ComponentStatus topicSays;
    }

    private final Map<String, Unread> byKey = new HashMap<>();

    /** A record is being written for {@code key}, which showed {@code shown} before (what the topic said). */
    void written(String key, byte[] value, ComponentStatus shown) {
        byKey.computeIfAbsent(key, k -> {
            Unread unread = new Unread();
            unread.topicSays = shown;
            return unread;
        }).values.add(value);
    }

    /** What the topic's records read so far give {@code key}: {@code shown} unless it has writes unread. */
    ComponentStatus topicSays(String key, ComponentStatus shown) {
        Unread unread = byKey.get(key);
        return unread == null ? shown : unread.topicSays;
    }

    /**
     * A record was read back for {@code key}, after which the topic gives it {@code topicSays}; answers what to show
     * now, or {@code null} while writes of this worker's for the key remain unread.
     */
    Show readBack(String key, byte[] value, ComponentStatus topicSays) {
        Unread unread = byKey.get(key);
        if (unread == null) {
            return new Show(topicSays);
        }
        unread.topicSays = topicSays;
        return forget(key, unread, value);
    }

    /** A record written for {@code key} could not be sent, so it will not be read back; answers as {@link #readBack}. */
    Show lost(String key, byte[] value) {
        Unread unread = byKey.get(key);
        return unread == null ? null : forget(key, unread, value);
    }

    private Show forget(String key, Unread unread, byte[] value) {
        // Another worker's record matches none of this worker's (its worker_id differs), unless both are removals,
        // which say the same; of two equal values of this worker's, either one stands for both.
        for (int i = 0; i < unread.values.size(); i++) {
            if (Arrays.equals(unread.values.get(i), value)) {
                unread.values.remove(i);
                break;
            }
        }
        if (!unread.values.isEmpty()) {
            return null;
        }
        byKey.remove(key);
        return new Show(unread.topicSays);
    }
}
