package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.SessionKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.SecretKey;
import java.time.Instant;

/**
 * The leader of a group that signs its requests (KIP-507) keeps a session key in the config topic, and replaces it
 * once it is older than {@code inter.worker.key.ttl.ms}; a new leader goes on with its predecessor's key until then.
 */
final class SessionKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(SessionKeyRotation.class);

    private final DistributedConfig config;
    private final ClusterConfigStore configStore;

    SessionKeyRotation(DistributedConfig config, ClusterConfigStore configStore) {
        this.config = config;
        this.configStore = configStore;
    }

    /** Called by the leader of a signing group: writes a new key when there is none or the current one expired. */
    void rotateIfDue(long now) {
        SessionKey current = configStore.sessionKey();
        if (current != null && !current.expired(now, config.getInt(DistributedConfig.INTER_WORKER_KEY_TTL_MS_CONFIG))) {
            return;
        }
        SecretKey key = config.sessionKeyGenerator().generateKey();
        configStore.putSessionKey(new SessionKey(key, now));
        log.info("Wrote a new session key for requests between workers ({}{})", key.getAlgorithm(),
                current == null ? "" : ", replacing one created at " + Instant.ofEpochMilli(current.creationTimestamp()));
    }
}
