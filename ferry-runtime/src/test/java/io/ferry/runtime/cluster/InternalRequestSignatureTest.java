package io.ferry.runtime.cluster;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InternalRequestSignatureTest {

    private static final SecretKey KEY = new SecretKeySpec(HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "HmacSHA256");
    private static final SecretKey OTHER_KEY = new SecretKeySpec(new byte[32], "HmacSHA256");
    private static final byte[] BODY = "[{\"task.class\":\"x\"}]".getBytes(StandardCharsets.UTF_8);
    private static final List<String> ACCEPTED = List.of("HmacSHA256");

    private static InternalRequestSignature signed(SecretKey key, byte[] body) {
        return InternalRequestSignature.fromRequest(InternalRequestSignature.sign(key, "HmacSHA256", BODY), "HmacSHA256", body);
    }

    private static InternalRequestRejectedException.Reason rejection(InternalRequestSignature signature, SecretKey key) {
        try {
            InternalRequestSignature.verify(signature, key, ACCEPTED);
            return null;
        } catch (InternalRequestRejectedException e) {
            return e.reason();
        }
    }

    @Test
    void theSignatureIsTheBase64HmacOfTheBodyBytes() {
        // HMAC-SHA256 of the body under the key, computed independently of the JDK (Python's hmac module).
        assertThat(InternalRequestSignature.sign(KEY, "HmacSHA256", BODY))
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(
                        "f2789eb8b9196cc54bbe159c9593a1fbfdfabfe0a1cf18bbc5e7bd5db06fd680")));
    }

    @Test
    void aRequestSignedWithTheSessionKeyIsAccepted() {
        assertThatCode(() -> InternalRequestSignature.verify(signed(KEY, BODY), KEY, ACCEPTED)).doesNotThrowAnyException();
    }

    @Test
    void aChangedBodyOrAnotherKeyIsRefused() {
        assertThat(rejection(signed(KEY, "[]".getBytes(StandardCharsets.UTF_8)), KEY))
                .isEqualTo(InternalRequestRejectedException.Reason.INVALID);
        assertThat(rejection(signed(OTHER_KEY, BODY), KEY)).isEqualTo(InternalRequestRejectedException.Reason.INVALID);
        assertThatThrownBy(() -> InternalRequestSignature.verify(signed(OTHER_KEY, BODY), KEY, ACCEPTED))
                .hasMessage("Internal request contained invalid signature.");
    }

    @Test
    void aMissingSignatureOrAnUnacceptedAlgorithmIsMalformed() {
        assertThat(InternalRequestSignature.fromRequest(null, "HmacSHA256", BODY)).isNull();
        assertThatThrownBy(() -> InternalRequestSignature.verify(null, KEY, ACCEPTED))
                .hasMessage("Internal request missing required signature");
        InternalRequestSignature sha1 = InternalRequestSignature.fromRequest(
                InternalRequestSignature.sign(KEY, "HmacSHA1", BODY), "HmacSHA1", BODY);
        assertThat(rejection(sha1, KEY)).isEqualTo(InternalRequestRejectedException.Reason.MALFORMED);
        assertThatThrownBy(() -> InternalRequestSignature.verify(sha1, KEY, ACCEPTED))
                .hasMessage("This worker does not support the 'HmacSHA1' key signing algorithm used by other workers. "
                        + "This worker is currently configured to use: [HmacSHA256]. Check that all workers' "
                        + "configuration files permit the same set of signature algorithms, and correct any "
                        + "misconfigured worker and restart it.");
    }

    @Test
    void anUnknownAlgorithmOrASignatureThatIsNotBase64IsMalformedAsSoonAsItIsRead() {
        assertThatThrownBy(() -> InternalRequestSignature.fromRequest("c2ln", "HmacNoSuchAlgorithm", BODY))
                .isInstanceOfSatisfying(InternalRequestRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRequestRejectedException.Reason.MALFORMED))
                .hasMessage("Algorithm HmacNoSuchAlgorithm not available");
        assertThatThrownBy(() -> InternalRequestSignature.fromRequest("not base64!", "HmacSHA256", BODY))
                .isInstanceOfSatisfying(InternalRequestRejectedException.class, e -> assertThat(e.reason())
                        .isEqualTo(InternalRequestRejectedException.Reason.MALFORMED))
                .hasMessageStartingWith("Illegal base64 character");
    }

    @Test
    void withoutASessionKeyTheWorkerIsNotReady() {
        assertThat(rejection(signed(KEY, BODY), null)).isEqualTo(InternalRequestRejectedException.Reason.NOT_READY);
    }
}
