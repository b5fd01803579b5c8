package io.ferry.runtime.config;

import io.ferry.runtime.plugins.IsolatedConfigProvider;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The worker's config providers ({@code config.providers}). Connector configs are stored with their
 * {@code ${provider:path:key}} placeholders; they are resolved only here: for good when a connector or task starts
 * ({@link #resolve}), and for validation ({@link #resolveForValidation}), whose answers must then show none of what
 * was resolved. Each placeholder is checked against its provider's {@link ProviderAccess} first.
 */
public final class ConfigProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigProviders.class);

    /** Isolated providers: the transformer calls them, and each call must run with the provider's loader current. */
    private final Map<String, ConfigProvider> providers;
    private final Map<String, ProviderAccess> access;
    private final ConfigTransformer transformer;

    ConfigProviders(Map<String, ConfigProvider> providers, Map<String, ProviderAccess> access) {
        this.providers = providers;
        this.access = access;
        this.transformer = new ConfigTransformer(providers);
    }

    public static ConfigProviders none() {
        return new ConfigProviders(Map.of(), Map.of());
    }

    /** Instantiates the providers a worker config names, with their {@code param.} settings. */
    public static ConfigProviders fromWorkerConfig(Map<String, String> workerProps, Plugins plugins) {
        String names = workerProps.getOrDefault(WorkerConfig.CONFIG_PROVIDERS_CONFIG, "");
        Map<String, ConfigProvider> providers = new LinkedHashMap<>();
        Map<String, ProviderAccess> access = new LinkedHashMap<>();
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
            ProviderAccess rule = ProviderAccess.of(name, provider.pluginClass(), params);
            provider.configure(params);
            log.info("Config provider '{}' is {}", name, provider.pluginClass().getName());
            warnIfClosed(name, rule);
            providers.put(name, provider);
            access.put(name, rule);
        }
        return new ConfigProviders(providers, access);
    }

    private static void warnIfClosed(String name, ProviderAccess rule) {
        if (rule instanceof ProviderAccess.Paths paths && !paths.restricted()) {
            log.warn("Config provider '{}' resolves no file until {} lists the directories it may read", name, paths.key());
        } else if (rule instanceof ProviderAccess.EnvironmentVariables env && !env.restricted()) {
            log.warn("Config provider '{}' resolves no environment variable until {} says which it may read",
                    name, env.key());
        }
    }

    /**
     * Returns the config with every {@code ${provider:[path:]key}} replaced by its current value, for a connector or
     * task about to start. Throws a {@link ConfigException} naming the key when a placeholder may not be read.
     */
    public Map<String, String> resolve(Map<String, String> config) {
        if (providers.isEmpty() || config == null) {
            return config;
        }
        config.forEach((key, value) -> {
            String refusal = refusal(key, value);
            if (refusal != null) {
                throw new ConfigException(refusal);
            }
        });
        return transformer.transform(config).data();
    }

    /**
     * Resolves a config for validation. A value whose placeholder may not be read is kept as it was submitted, and its
     * refusal returned with it; everything resolved is listed so that answers can be {@link Resolution#redact redacted}.
     */
    public Resolution resolveForValidation(Map<String, String> config) {
        if (providers.isEmpty() || config == null) {
            return new Resolution(config, config, Map.of(), Map.of());
        }
        Map<String, String> refusals = new LinkedHashMap<>();
        Map<String, String> readable = new LinkedHashMap<>();
        Set<String> placeholders = new LinkedHashSet<>();
        config.forEach((key, value) -> {
            String refusal = refusal(key, value);
            if (refusal != null) {
                refusals.put(key, refusal);
            } else {
                readable.put(key, value);
                placeholders.addAll(placeholders(value));
            }
        });
        Map<String, String> resolved = new LinkedHashMap<>(config);
        resolved.putAll(transformer.transform(readable).data());
        // Each placeholder on its own, to learn what it resolved to: that text must appear in no answer.
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> alone = new LinkedHashMap<>();
        placeholders.forEach(p -> alone.put(p, p));
        transformer.transform(alone).data().forEach((placeholder, value) -> {
            if (value != null && !value.isEmpty() && !value.equals(placeholder)) {
                secrets.put(value, placeholder);
            }
        });
        return new Resolution(config, resolved, refusals, secrets);
    }

    /** Why a value's placeholders may not be resolved, or null. */
    private String refusal(String key, String value) {
        if (value == null || !value.contains("${")) {
            return null;
        }
        Matcher m = ConfigTransformer.DEFAULT_PATTERN.matcher(value);
        while (m.find()) {
            ProviderAccess rule = access.get(m.group(1));
            if (rule == null) {
                continue;
            }
            try {
                rule.check(m.group(), m.group(3), m.group(4), key);
            } catch (ConfigException e) {
                return e.getMessage();
            }
        }
        return null;
    }

    /** The placeholders of configured providers in a value. */
    private Set<String> placeholders(String value) {
        Set<String> found = new LinkedHashSet<>();
        if (value != null && value.contains("${")) {
            Matcher m = ConfigTransformer.DEFAULT_PATTERN.matcher(value);
            while (m.find()) {
                if (providers.containsKey(m.group(1))) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        providers.values().forEach(p -> Utils.closeQuietly(p, "config provider"));
    }
}
