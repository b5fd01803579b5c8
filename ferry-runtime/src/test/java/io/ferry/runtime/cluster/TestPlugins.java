package io.ferry.runtime.cluster;

import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.plugins.PluginDiscoveryMode;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.worker.OverridePolicyCheck;

import java.util.List;
import java.util.Map;

/** The plugins every worker has (no plugin.path), discovered once for all control-plane tests, and a validator. */
public final class TestPlugins {

    private static final Plugins PLUGINS = Plugins.discover(List.of(), PluginDiscoveryMode.HYBRID_WARN);

    private TestPlugins() {
    }

    public static Plugins plugins() {
        return PLUGINS;
    }

    /** Validates configs as a worker with default settings does. */
    public static ConnectorValidator validator() {
        return validator(Map.of());
    }

    /** Validates configs as a worker with default settings and the given worker properties does. */
    public static ConnectorValidator validator(Map<String, String> workerProps) {
        Map<String, String> props = new java.util.HashMap<>(workerProps);
        props.put("bootstrap.servers", "127.0.0.1:9");
        props.put("offset.storage.file.filename", "unused");
        StandaloneConfig config = new StandaloneConfig(props);
        return new ConnectorValidator(PLUGINS, ConfigProviders.fromWorkerConfig(props, PLUGINS), config,
                new OverridePolicyCheck(config, PLUGINS));
    }
}
