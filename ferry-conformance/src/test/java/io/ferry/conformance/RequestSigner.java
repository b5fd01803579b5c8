package io.ferry.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Signs requests as the workers of a cluster sign the requests they send each other (KIP-507): the base64 HMAC of the
 * body's bytes under the cluster's current session key in {@value #SIGNATURE_HEADER}, and the algorithm in
 * {@value #ALGORITHM_HEADER}. The session key is the last {@code session-key} record of the cluster's config topic,
 * which the leader writes, as JSON with the base64 {@code key} and its {@code algorithm}.
 *
 * <p>A standalone worker has no session key: there, requests are signed with a key of the signer's own, so that they
 * carry the same headers; a standalone worker does not check them.
 */
final class RequestSigner {

    static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    static final String ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";
    /** The default of {@code inter.worker.signature.algorithm}, which both runtimes are compared with. */
    static final String ALGORITHM = "HmacSHA256";
    /** An algorithm the JDK has but the default {@code inter.worker.verification.algorithms} leave out. */
    static final String UNACCEPTED_ALGORITHM = "HmacSHA1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_KEY_RECORD = "session-key";

    private final EmbeddedKafkaCluster kafka;
    private final String configTopic;
    private final SecretKey ownKey = randomKey();

    /** @param configTopic the cluster's config topic, or null for a standalone worker */
    RequestSigner(EmbeddedKafkaCluster kafka, String configTopic) {
        this.kafka = kafka;
        this.configTopic = configTopic;
    }

    /** The headers of a request with this body, signed as asked. */
    Map<String, String> headers(Scenario.Signature signature, String body) throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        return switch (signature) {
            case NONE -> Map.of();
            case SESSION_KEY -> signedWith(sessionKey(), ALGORITHM, bytes);
            case OTHER_KEY -> signedWith(randomKey(), ALGORITHM, bytes);
            case UNACCEPTED_ALGORITHM -> signedWith(sessionKey(), UNACCEPTED_ALGORITHM, bytes);
            case UNKNOWN_ALGORITHM -> Map.of(SIGNATURE_HEADER, sign(sessionKey(), ALGORITHM, bytes),
                    ALGORITHM_HEADER, "HmacNoSuchAlgorithm");
            case NOT_BASE64 -> Map.of(SIGNATURE_HEADER, "not base64!", ALGORITHM_HEADER, ALGORITHM);
        };
    }

    private static Map<String, String> signedWith(SecretKey key, String algorithm, byte[] body) {
        return Map.of(SIGNATURE_HEADER, sign(key, algorithm, body), ALGORITHM_HEADER, algorithm);
    }

    private static String sign(SecretKey key, String algorithm, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with " + algorithm, e);
        }
    }

    /**
     * The cluster's current session key. Read afresh for every request, since the leader replaces it now and then
     * ({@code inter.worker.key.ttl.ms}); waited for, since the leader writes the first one after joining.
     */
    private SecretKey sessionKey() throws InterruptedException {
        if (configTopic == null) {
            return ownKey;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            SecretKey latest = null;
            for (ConsumerRecord<byte[], byte[]> record : kafka.readAll(configTopic)) {
                if (record.key() != null && record.value() != null
                        && SESSION_KEY_RECORD.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                    latest = parse(record.value());
                }
            }
            if (latest != null) {
                return latest;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No session key in " + configTopic + " within 60 s");
            }
            Thread.sleep(200);
        }
    }

    private static SecretKey parse(byte[] value) {
        try {
            JsonNode json = JSON.readTree(value);
            return new SecretKeySpec(Base64.getDecoder().decode(json.path("key").asText()), json.path("algorithm").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("A session key record that is not JSON", e);
        }
    }

    private static SecretKey randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, ALGORITHM);
    }
}
