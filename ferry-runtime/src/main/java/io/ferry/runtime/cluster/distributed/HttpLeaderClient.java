package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.config.JsonMapper;
import org.apache.kafka.connect.errors.ConnectException;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Hands task configs generated on this worker to the leader through its REST API ({@code POST
 * /connectors/{name}/tasks}), as Apache's workers do; signed with the session key when the group signs its requests.
 */
final class HttpLeaderClient implements LeaderClient {

    private final HttpClient http;

    HttpLeaderClient(HttpClient http) {
        this.http = http;
    }

    @Override
    public void putTaskConfigs(String leaderUrl, String connector, List<Map<String, String>> configs, SecretKey key,
                        String signatureAlgorithm) {
        String base = leaderUrl.endsWith("/") ? leaderUrl : leaderUrl + "/";
        URI uri = URI.create(base + "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/tasks");
        try {
            byte[] body = JsonMapper.get().writeValueAsBytes(configs);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (key != null) {
                request.header(InternalRequestSignature.SIGNATURE_HEADER, InternalRequestSignature.sign(key, signatureAlgorithm, body));
                request.header(InternalRequestSignature.ALGORITHM_HEADER, signatureAlgorithm);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
