package io.ferry.runtime.cluster.distributed;

import javax.crypto.SecretKey;
import java.util.List;
import java.util.Map;

/**
 * How a follower asks the leader for what only the leader does: writing the task configs its connectors generate,
 * and fencing the producers of an exactly-once source connector's earlier tasks before its own tasks start.
 */
public interface LeaderClient {

    /**
     * Fails when the leader cannot be reached or refuses them; the configs are offered again later.
     *
     * @param key the session key to sign with, or null to send the request unsigned
     */
    void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs, SecretKey key,
                        String signatureAlgorithm);

    /** Returns once the leader has fenced the connector's earlier tasks; fails with the leader's answer otherwise. */
    void fenceZombies(String leaderUrl, String connector, SecretKey key, String signatureAlgorithm);
}
