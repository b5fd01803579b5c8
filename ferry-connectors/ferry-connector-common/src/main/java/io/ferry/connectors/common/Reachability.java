package io.ferry.connectors.common;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * Validation's last step for a connector that talks to a server: whether anything answers at the host and port a
 * valid address key names, so that a typo in a host name or port is an error on that key, not a failed task later.
 */
public final class Reachability {

    private static final int TIMEOUT_MS = 5_000;

    private Reachability() {
    }

    /** The key's validated value, when validation found nothing wrong with it. */
    public static Optional<ConfigValue> valid(Config validated, String key) {
        return validated.configValues().stream()
                .filter(v -> v.name().equals(key) && v.errorMessages().isEmpty() && v.value() != null)
                .findFirst();
    }

    /** Opens and closes a TCP connection to host:port; on failure, adds an error naming them to the key's value. */
    public static void check(ConfigValue value, String what, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        } catch (IOException e) {
            value.addErrorMessage("Cannot reach " + what + " at " + host + ":" + port + ": "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
        }
    }
}
