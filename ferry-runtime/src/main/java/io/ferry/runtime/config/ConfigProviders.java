package io.ferry.runtime.config;

import io.ferry.runtime.plugins.IsolatedConfigProvider;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigTransformerResult;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's config providers ({@code config.providers}). Connector configs are stored with their
 * {@code ${provider:path:key}} placeholders; they are resolved only here, when a connector or task starts.
 */
public final class ConfigProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigProviders.class);

    /** Isolated providers: the transformer calls them, and each call must run with the provider's loader current. */
    private final Map<String, ConfigProvider> providers;
    private final ConfigTransformer transformer;

    private ConfigProviders(Map<String, ConfigProvider> providers) {
        this.providers = providers;
        this.transformer = new ConfigTransformer(providers);
    }

    public static ConfigProviders none() {
        return new ConfigProviders(Map.of());
    }

    /** Instantiates the providers a worker config names, with their {@code param.} settings. */
    public static ConfigProviders fromWorkerConfig(Map<String, String> workerProps, Plugins plugins) {
        String names = workerProps.getOrDefault(WorkerConfig.CONFIG_PROVIDERS_CONFIG, "");
        Map<String, ConfigProvider> providers = new LinkedHashMap<>();
        for (String rawName : names.split(",")) {
            String name = rawName.trim();
            if (name.isEmpty()) {
                continue;
            }
            String prefix = WorkerConfig.CONFIG_PROVIDERS_CONFIG + "." + name + ".";
            String className = workerProps.get(prefix + "class");
            if (className == null || className.isBlank()) {
                throw new ConnectException("Config provider '" + name + "' has no class: set " + prefix + "class");
            }
            IsolatedConfigProvider provider = plugins.newConfigProvider(className.trim());
            Map<String, String> params = new LinkedHashMap<>();
            String paramPrefix = prefix + "param.";
            workerProps.forEach((k, v) -> {
                if (k.startsWith(paramPrefix)) {
                    params.put(k.substring(paramPrefix.length()), v);
                }
            });
            provider.configure(params);
            log.info("Config provider '{}' is {}", name, provider.pluginClass().getName());
            providers.put(name, provider);
        }
        return new ConfigProviders(providers);
    }

    /** Returns the config with every {@code ${provider:[path:]key}} replaced by its current value. */
    public Map<String, String> resolve(Map<String, String> config) {
        if (providers.isEmpty() || config == null) {
            return config;
        }
        ConfigTransformerResult result = transformer.transform(config);
        return result.data();
    }

    @Override
    public void close() {
        providers.values().forEach(p -> Utils.closeQuietly(p, "config provider"));
    }
}
