package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DistributedConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "127.0.0.1:9092");
        props.put("group.id", "connect-cluster");
        return props;
    }

    @Test
    void signsInternalRequestsUnlessTheProtocolIsCompatible() {
        assertThat(new DistributedConfig(minimal()).signsInternalRequests()).isTrue();
        Map<String, String> props = minimal();
        props.put("connect.protocol", "compatible");
        assertThat(new DistributedConfig(props).signsInternalRequests()).isFalse();
    }

    @Test
    void theSignatureAlgorithmMustBeOneThatIsVerified() {
        Map<String, String> props = minimal();
        props.put("inter.worker.signature.algorithm", "HmacSHA512");
        assertThatThrownBy(() -> new DistributedConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("inter.worker.verification.algorithms")
                .hasMessageContaining("must include the signature algorithm 'HmacSHA512'");
        props.put("inter.worker.verification.algorithms", "HmacSHA256,HmacSHA512");
        assertThat(new DistributedConfig(props).getString("inter.worker.signature.algorithm")).isEqualTo("HmacSHA512");
    }

    @Test
    void unknownAlgorithmsAndKeySizesAreRefused() {
        Map<String, String> props = minimal();
        props.put("inter.worker.key.generation.algorithm", "NoSuchAlgorithm");
        assertThatThrownBy(() -> new DistributedConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("inter.worker.key.generation.algorithm");
        Map<String, String> mac = minimal();
        mac.put("inter.worker.verification.algorithms", "HmacSHA256,HmacNope");
        assertThatThrownBy(() -> new DistributedConfig(mac)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("HmacNope");
        Map<String, String> size = minimal();
        size.put("inter.worker.key.size", "-8");
        assertThatThrownBy(() -> new DistributedConfig(size)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("inter.worker.key.size");
    }
}
