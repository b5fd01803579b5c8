package io.ferry.runtime.cluster.distributed;

import javax.crypto.SecretKey;
import java.util.List;
import java.util.Map;

/** How a follower hands the task configs its connectors generate to the leader, which writes them. */
public interface LeaderClient {

    /**
     * Fails when the leader cannot be reached or refuses them; the configs are offered again later.
     *
     * @param key the session key to sign with, or null to send the request unsigned
     */
    void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs, SecretKey key,
                        String signatureAlgorithm);
}
