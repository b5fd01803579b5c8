package io.ferry.runtime.storage;

import javax.crypto.SecretKey;

/**
 * The key workers of a cluster sign their requests to each other with (KIP-507). The leader creates it and writes it
 * to the config topic, where every worker reads it; it is replaced once it is older than {@code inter.worker.key.ttl.ms}.
 */
public record SessionKey(SecretKey key, long creationTimestamp) {

    public boolean expired(long now, long ttlMs) {
        return now >= creationTimestamp + ttlMs;
    }
}
