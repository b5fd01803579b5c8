package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import java.security.GeneralSecurityException;
import java.util.List;

/** Checks that the algorithms named for signing requests between workers exist in this JVM. */
final class CryptoValidators {

    private CryptoValidators() {
    }

    static ConfigDef.Validator keyGenerator() {
        return (name, value) -> {
            try {
                KeyGenerator.getInstance((String) value);
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new ConfigException(name, value, "this JVM has no key generator for it: " + e.getMessage());
            }
        };
    }

    static ConfigDef.Validator mac() {
        return (name, value) -> checkMac(name, (String) value);
    }

    static ConfigDef.Validator macs() {
        return (name, value) -> {
            @SuppressWarnings("unchecked")
            List<String> algorithms = (List<String>) value;
            if (algorithms == null || algorithms.isEmpty()) {
                throw new ConfigException(name, value, "at least one algorithm is required");
            }
            algorithms.forEach(algorithm -> checkMac(name, algorithm));
        };
    }

    private static void checkMac(String name, String algorithm) {
        try {
            Mac.getInstance(algorithm);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(name, algorithm, "this JVM cannot sign or verify with it: " + e.getMessage());
        }
    }
}
