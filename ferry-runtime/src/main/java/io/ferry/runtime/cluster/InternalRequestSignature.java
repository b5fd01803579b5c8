package io.ferry.runtime.cluster;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The signature a worker puts on a request to another worker of its cluster (KIP-507): an HMAC of the request body's
 * exact bytes under the cluster's session key, sent base64-encoded in {@value #SIGNATURE_HEADER} with the algorithm
 * in {@value #ALGORITHM_HEADER}. Apache Kafka Connect's workers sign and check the same way.
 */
public final class InternalRequestSignature {

    public static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    public static final String ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";

    private final String algorithm;
    private final byte[] signature;
    private final byte[] body;

    private InternalRequestSignature(String algorithm, byte[] signature, byte[] body) {
        this.algorithm = algorithm;
        this.signature = signature;
        this.body = body;
    }

    /**
     * What a request carried, or null when it carried no signature. A signature in an algorithm this JVM does not
     * have, or that is not base64, is malformed whatever the worker (and before anything else is checked), with the
     * JDK's own words for it, as Apache Kafka Connect answers.
     */
    public static InternalRequestSignature fromRequest(String signatureHeader, String algorithmHeader, byte[] body) {
        if (signatureHeader == null || algorithmHeader == null) {
            return null;
        }
        try {
            Mac.getInstance(algorithmHeader);
        } catch (NoSuchAlgorithmException e) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.MALFORMED, e.getMessage());
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(signatureHeader);
        } catch (IllegalArgumentException e) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.MALFORMED, e.getMessage());
        }
        return new InternalRequestSignature(algorithmHeader, decoded, body == null ? new byte[0] : body);
    }

    /** The value of {@value #SIGNATURE_HEADER} for a request with this body. */
    public static String sign(SecretKey key, String algorithm, byte[] body) {
        return Base64.getEncoder().encodeToString(mac(key, algorithm, body));
    }

    /**
     * Accepts the signature of a request, or says why not: missing or with an algorithm this worker does not accept
     * (the request is malformed), no key to check it with yet (try later), or not made with the key (refused).
     * The messages are Apache Kafka Connect's.
     */
    public static void verify(InternalRequestSignature signature, SecretKey key, Collection<String> algorithms) {
        if (signature == null) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.MALFORMED,
                    "Internal request missing required signature");
        }
        if (!algorithms.contains(signature.algorithm)) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.MALFORMED,
                    "This worker does not support the '" + signature.algorithm + "' key signing algorithm used by "
                            + "other workers. This worker is currently configured to use: " + List.copyOf(algorithms)
                            + ". Check that all workers' configuration files permit the same set of signature "
                            + "algorithms, and correct any misconfigured worker and restart it.");
        }
        if (key == null) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.NOT_READY,
                    "This worker is still starting up and has not been able to read a session key from the config topic yet");
        }
        if (!MessageDigest.isEqual(signature.signature, mac(key, signature.algorithm, signature.body))) {
            throw new InternalRequestRejectedException(InternalRequestRejectedException.Reason.INVALID,
                    "Internal request contained invalid signature.");
        }
    }

    private static byte[] mac(SecretKey key, String algorithm, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot compute a " + algorithm + " signature: " + e.getMessage(), e);
        }
    }
}
