package io.ferry.runtime.plugins;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How plugins are found ({@code plugin.discovery}): by scanning classes, by ServiceLoader manifests, or both. */
public enum PluginDiscoveryMode {
    ONLY_SCAN, HYBRID_WARN, HYBRID_FAIL, SERVICE_LOAD;

    public static PluginDiscoveryMode parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConnectException("Invalid plugin.discovery '" + value + "'; valid values are "
                    + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }

    boolean scans() {
        return this != SERVICE_LOAD;
    }

    boolean readsManifests() {
        return this != ONLY_SCAN;
    }
}
