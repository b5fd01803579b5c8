package io.ferry.runtime.storage;

import java.util.Set;

/**
 * Where a worker reports the topics its connectors use (KIP-558), so the other workers of a cluster learn them: told
 * about a topic a connector used for the first time, and about resets.
 */
public interface TopicStatusWriter {

    void used(String connector, String topic, int task);

    void reset(String connector, Set<String> topics);
}
