package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.config.JsonMapper;
import org.apache.kafka.connect.errors.ConnectException;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import io.ferry.runtime.cluster.ClusterClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Asks the leader through its REST API, as Apache's workers do: task configs generated on this worker ({@code POST
 * /connectors/{name}/tasks}) and zombie fencing ({@code PUT /connectors/{name}/fence}); signed with the session key
 * when the group signs its requests.
 */
final class HttpLeaderClient implements LeaderClient {

    /** Fencing waits up to 90 s for the brokers, and reads the config topic before and after. */
    private static final Duration FENCE_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TASK_CONFIGS_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterClient http;

    HttpLeaderClient(ClusterClient http) {
        this.http = http;
    }

    @Override
    public void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs, SecretKey key,
                        String signatureAlgorithm) {
        byte[] body;
        try {
            body = JsonMapper.get().writeValueAsBytes(configs);
        } catch (IOException e) {
            throw new ConnectException("Could not write the task configs of " + connector + " as JSON", e);
        }
        send(leaderUrl, connector, "tasks", "POST", body, key, signatureAlgorithm, TASK_CONFIGS_TIMEOUT);
    }

    @Override
    public void fenceZombies(String leaderUrl, String connector, SecretKey key, String signatureAlgorithm) {
        send(leaderUrl, connector, "fence", "PUT", new byte[0], key, signatureAlgorithm, FENCE_TIMEOUT);
    }

    private void send(String leaderUrl, String connector, String path, String method, byte[] body, SecretKey key,
                      String signatureAlgorithm, Duration timeout) {
        String base = leaderUrl.endsWith("/") ? leaderUrl : leaderUrl + "/";
        URI uri = URI.create(base + "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/" + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header(InternalRequestSignature.SIGNATURE_HEADER, InternalRequestSignature.sign(key, signatureAlgorithm, body));
            request.header(InternalRequestSignature.ALGORITHM_HEADER, signatureAlgorithm);
        }
        try {
            HttpResponse<String> response = http.get().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new ConnectException("The leader answered " + response.statusCode() + ": " + response.body());
            }
        } catch (IOException e) {
            throw new ConnectException("Could not reach the leader at " + leaderUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while contacting the leader");
        }
    }
}
