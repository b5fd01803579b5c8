package io.ferry.runtime.cluster;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.TaskInfo;
import io.ferry.runtime.plugins.Isolated;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows the values of PASSWORD keys as {@code [hidden]} in what the REST API answers about connectors and tasks, as
 * validation already does, and puts the stored value back where a change sends {@code [hidden]} for such a key, so
 * that reading a config, editing it and sending it back never replaces a password by the mask.
 *
 * <p>A key is a password when its type is PASSWORD in the connector's definition, the framework's (with the
 * configured transformations and predicates), the configured converters', or Kafka's clients' (plain, as connectors
 * such as MirrorMaker use them, or as {@code *.override.}). When the connector's plugin cannot be found, keys whose
 * name contains "password" are taken for passwords. A value that is a placeholder alone ({@code ${file:...}}) is
 * shown: it names where the secret is, not the secret.
 */
public final class PasswordMasking {

    public static final String MASK = Password.HIDDEN;

    /** Kafka clients' PASSWORD keys, plain and with the override prefixes connectors use. */
    private static final Set<String> CLIENT_PASSWORD_KEYS = clientPasswordKeys();

    private final Plugins plugins;
    private final WorkerConfig worker;
    private final boolean enabled;
    /** A plugin's own PASSWORD keys, by class and version: its definition does not change while the worker runs. */
    private final Map<String, Set<String>> pluginKeys = new ConcurrentHashMap<>();

    public PasswordMasking(Plugins plugins, WorkerConfig worker) {
        this(plugins, worker, worker.getBoolean(WorkerConfig.REST_PASSWORD_MASKING_ENABLE_CONFIG));
    }

    PasswordMasking(Plugins plugins, WorkerConfig worker, boolean enabled) {
        this.plugins = plugins;
        this.worker = worker;
        this.enabled = enabled;
    }

    public Map<String, String> mask(Map<String, String> connectorConfig) {
        if (!enabled || connectorConfig == null) {
            return connectorConfig;
        }
        return masked(connectorConfig, passwordKeys(connectorConfig), Set.of());
    }

    public ConnectorInfo mask(ConnectorInfo info) {
        if (!enabled || info == null) {
            return info;
        }
        return new ConnectorInfo(info.name(), mask(info.config()), info.tasks(), info.type());
    }

    /**
     * Task configs, given their connector's config: keys that are passwords for the connector, and any value equal to
     * one of the connector's passwords (a connector may pass its password on under another name).
     */
    public List<TaskInfo> maskTasks(Map<String, String> connectorConfig, List<TaskInfo> tasks) {
        if (!enabled || connectorConfig == null) {
            return tasks;
        }
        PasswordKeys keys = passwordKeys(connectorConfig);
        Set<String> passwords = new HashSet<>();
        connectorConfig.forEach((key, value) -> {
            if (keys.contains(key) && hideable(value)) {
                passwords.add(value);
            }
        });
        return tasks.stream().map(t -> new TaskInfo(t.id(), masked(t.config(), keys, passwords))).toList();
    }

    /**
     * The submitted config with {@code [hidden]} replaced by the stored value for every password key that has one:
     * the mask came from a read of this config, not from the user.
     *
     * @param submitted the keys and values of a PUT (the whole config) or PATCH (the keys to change)
     * @param stored    the connector's current config, or null when there is none
     */
    public Map<String, String> restore(Map<String, String> submitted, Map<String, String> stored) {
        if (!enabled || submitted == null || stored == null || !submitted.containsValue(MASK)) {
            return submitted;
        }
        Map<String, String> merged = new LinkedHashMap<>(stored);
        merged.putAll(submitted);
        PasswordKeys keys = passwordKeys(merged);
        Map<String, String> result = new LinkedHashMap<>(submitted);
        result.replaceAll((key, value) -> MASK.equals(value) && keys.contains(key) && stored.get(key) != null
                ? stored.get(key) : value);
        return result;
    }

    private static Map<String, String> masked(Map<String, String> config, PasswordKeys keys, Set<String> passwords) {
        Map<String, String> result = new LinkedHashMap<>(config);
        result.replaceAll((key, value) -> hideable(value) && (keys.contains(key) || passwords.contains(value))
                ? MASK : value);
        return result;
    }

    /** Null and empty values hide nothing; a placeholder alone names where a secret is kept, not the secret. */
    private static boolean hideable(String value) {
        return value != null && !value.isEmpty() && !ConfigTransformer.DEFAULT_PATTERN.matcher(value).matches();
    }

    /** The PASSWORD keys a connector config has, as far as the worker can tell. */
    private PasswordKeys passwordKeys(Map<String, String> config) {
        Set<String> keys = new HashSet<>(CLIENT_PASSWORD_KEYS);
        boolean byName = false;
        PluginDesc<?> connector = null;
        try {
            String className = config.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
            connector = className == null ? null : plugins.find(className.trim(),
                    config.get(ConnectorConfig.CONNECTOR_VERSION_CONFIG), PluginType.SOURCE, PluginType.SINK).orElse(null);
        } catch (RuntimeException e) {
            // an unknown version range: treated as an unknown plugin
        }
        if (connector == null) {
            return new PasswordKeys(keys, true);
        }
        PluginDesc<?> desc = connector;
        try {
            keys.addAll(pluginKeys.computeIfAbsent(cacheKey(desc), k -> passwords(plugins.newConnector(desc).config(), "")));
        } catch (RuntimeException e) {
            byName = true;
        }
        try {
            keys.addAll(passwords(new EnrichedConnectorDef(plugins, worker, config, desc).build(), ""));
        } catch (RuntimeException e) {
            // a transformation or predicate that cannot be loaded: its keys are judged by name
            byName = true;
        }
        for (String which : List.of("key", "value", "header")) {
            String classKey = which + ".converter";
            String className = config.get(classKey);
            if (className == null) {
                continue;
            }
            try {
                keys.addAll(converterKeys(which, className.trim(), config.get(classKey + ".plugin.version"), classKey + "."));
            } catch (RuntimeException e) {
                byName = true;
            }
        }
        return new PasswordKeys(keys, byName);
    }

    private Set<String> converterKeys(String which, String className, String version, String prefix) {
        Set<String> own = pluginKeys.computeIfAbsent(which + ":" + className + "@" + version, k -> {
            Isolated<?> converter = which.equals("header")
                    ? plugins.newHeaderConverter(className, version) : plugins.newConverter(className, version);
            try {
                return converter.call(c -> passwords(c instanceof Converter kv ? kv.config()
                        : ((HeaderConverter) c).config(), ""));
            } finally {
                if (converter instanceof AutoCloseable closeable) {
                    org.apache.kafka.common.utils.Utils.closeQuietly(closeable, "converter read for its definition");
                }
            }
        });
        Set<String> prefixed = new HashSet<>();
        own.forEach(k -> prefixed.add(prefix + k));
        return prefixed;
    }

    private static String cacheKey(PluginDesc<?> desc) {
        return desc.className() + "@" + desc.version();
    }

    private static Set<String> passwords(ConfigDef def, String prefix) {
        Set<String> keys = new HashSet<>();
        if (def != null) {
            def.configKeys().forEach((name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                    keys.add(prefix + name);
                }
            });
        }
        return keys;
    }

    private static Set<String> clientPasswordKeys() {
        Set<String> keys = new HashSet<>();
        for (ConfigDef def : List.of(ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())) {
            keys.addAll(passwords(def, ""));
        }
        Set<String> all = new HashSet<>(keys);
        for (String prefix : List.of("producer.override.", "consumer.override.", "admin.override.")) {
            keys.forEach(k -> all.add(prefix + k));
        }
        return Set.copyOf(all);
    }

    /** The keys known to be passwords, and whether other keys are judged by their name. */
    private record PasswordKeys(Set<String> keys, boolean byName) {
        boolean contains(String key) {
            return keys.contains(key) || byName && key.toLowerCase(Locale.ROOT).contains("password");
        }
    }

    @Override
    public String toString() {
        return "PasswordMasking(" + (enabled ? "on" : "off") + ")";
    }

}
