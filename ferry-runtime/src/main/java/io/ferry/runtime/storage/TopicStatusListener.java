package io.ferry.runtime.storage;

/**
 * Told what the status topic says about the topics connectors use (KIP-558), as any worker of the cluster wrote it:
 * a {@code status-topic-<topic>:connector-<name>} record, or its tombstone when the connector's topics were reset.
 */
public interface TopicStatusListener {

    /** The connector used the topic ({@code used} true), or no longer counts it as used ({@code used} false). */
    void applyRemote(String connector, String topic, boolean used);
}
