package io.ferry.runtime.cluster;

import io.ferry.runtime.plugins.VersionRangeValidator;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.SinkConnectorConfig;
import io.ferry.runtime.config.SourceConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.worker.Transformations;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The framework's connector keys as validation presents them, shaped as Apache Kafka Connect shapes them: converter
 * keys default to the worker's converters and recommend the installed ones, version keys default to the versions in
 * use and recommend those installed, and every transformation and predicate alias adds its type, version and own keys.
 */
final class EnrichedConnectorDef {

    private final Plugins plugins;
    private final WorkerConfig worker;
    private final Map<String, String> props;
    private final PluginDesc<?> connector;

    EnrichedConnectorDef(Plugins plugins, WorkerConfig worker, Map<String, String> props, PluginDesc<?> connector) {
        this.plugins = plugins;
        this.worker = worker;
        this.props = props;
        this.connector = connector;
    }

    ConfigDef build() {
        ConfigDef def = connector.type() == PluginType.SINK ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();
        replace(def, ConnectorConfig.CONNECTOR_VERSION_CONFIG, connector.version(),
                recommender(parsed -> versions(connector.className(), connector.type())));
        converterKeys(def, "key", PluginType.CONVERTER);
        converterKeys(def, "value", PluginType.CONVERTER);
        converterKeys(def, "header", PluginType.HEADER_CONVERTER);
        aliasKeys(def, PluginType.TRANSFORMATION);
        aliasKeys(def, PluginType.PREDICATE);
        return def;
    }

    /** Worker's converter as the default, every installed converter as a recommendation, and the version in use. */
    private void converterKeys(ConfigDef def, String which, PluginType type) {
        String classKey = which + ".converter";
        String versionKey = classKey + ".plugin.version";
        String fromConnector = props.get(classKey);
        String fromWorker = type == PluginType.HEADER_CONVERTER
                ? plugins.aliases().getOrDefault(worker.getString(classKey), worker.getString(classKey))
                : worker.originalStrings().getOrDefault(classKey, worker.getString(classKey));
        String defaultClass = fromWorker;
        String defaultVersion;
        if (fromConnector != null) {
            defaultVersion = versionForConnector(fromConnector, type);
        } else {
            String configured = worker.originalStrings().get(versionKey);
            defaultVersion = configured != null ? configured : latestVersion(fromWorker, type);
        }
        replace(def, classKey, defaultClass, recommender(parsed -> {
            List<Object> classes = new ArrayList<>();
            for (PluginDesc<?> desc : plugins.plugins(type)) {
                if (!classes.contains(desc.pluginClass())) {
                    classes.add(desc.pluginClass());
                }
            }
            return classes;
        }));
        replace(def, versionKey, defaultVersion, new VersionRangeValidator(), new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsed) {
                Object chosen = parsed.get(classKey);
                return chosen instanceof Class<?> c ? versions(c.getName(), type) : List.of();
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsed) {
                return parsed.get(classKey) != null;
            }
        });
    }

    /**
     * For each alias of {@code transforms} or {@code predicates}: its type (class), its version, and the keys of the
     * class under the alias's prefix (for transformations also {@code predicate} and {@code negate}).
     */
    private void aliasKeys(ConfigDef def, PluginType type) {
        boolean transforms = type == PluginType.TRANSFORMATION;
        String list = transforms ? ConnectorConfig.TRANSFORMS_CONFIG : ConnectorConfig.PREDICATES_CONFIG;
        String kind = transforms ? "Transformation" : "Predicate";
        for (String alias : new LinkedHashSet<>(Transformations.aliases(props.get(list)))) {
            String prefix = list + "." + alias + ".";
            String group = (transforms ? "Transforms" : "Predicates") + ": " + alias;
            String typeKey = prefix + "type";
            String versionKey = prefix + "plugin.version";
            String className = props.get(typeKey);
            def.define(new ConfigKey(typeKey, Type.CLASS, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.Validator() {
                @Override
                public void ensureValid(String name, Object value) {
                    if (transforms && props.containsKey(prefix + "negate") && !props.containsKey(prefix + "predicate")) {
                        throw new ConfigException("Config '" + prefix + "negate' was provided but there is no config '"
                                + prefix + "predicate' defining a predicate to be negated.");
                    }
                    // The type is loaded in the version asked for: a malformed one is an error of the type too.
                    new VersionRangeValidator().ensureValid(versionKey, props.get(versionKey));
                    Class<?> required = transforms ? Transformation.class : Predicate.class;
                    if (value instanceof Class<?> chosen && !required.isAssignableFrom(chosen)) {
                        throw notImplementing(chosen, required);
                    }
                }

                @Override
                public String toString() {
                    return "valid configs for " + alias + " " + kind.toLowerCase(java.util.Locale.ROOT);
                }
            }, Importance.HIGH, "Class for the '" + alias + "' " + kind.toLowerCase(java.util.Locale.ROOT) + ".", group, 0,
                    Width.LONG, kind + " type for " + alias, List.of(), recommender(parsed -> {
                        List<Object> classes = new ArrayList<>();
                        plugins.plugins(type).forEach(d -> classes.add(d.pluginClass()));
                        return classes;
                    }), false));
            def.define(new ConfigKey(versionKey, Type.STRING, versionForConnector(className, type),
                    new VersionRangeValidator(), Importance.HIGH,
                    "Version of the '" + alias + "' " + kind.toLowerCase(java.util.Locale.ROOT) + ".", group, 1, Width.LONG,
                    kind + " version for " + alias, List.of(), recommender(parsed -> {
                        Object chosen = parsed.get(typeKey);
                        return chosen instanceof Class<?> c ? versions(c.getName(), type) : List.of();
                    }), false));
            ConfigDef own = ownKeys(className, props.get(versionKey), type);
            if (own != null) {
                ConfigDef child = new ConfigDef();
                if (transforms) {
                    child.define("predicate", Type.STRING, null, Importance.MEDIUM,
                            "Alias of the predicate deciding whether this transformation applies.");
                    child.define("negate", Type.BOOLEAN, false, Importance.MEDIUM, "Whether the predicate's result is inverted.");
                }
                own.configKeys().forEach((name, key) -> {
                    if (!child.configKeys().containsKey(name)) {
                        child.define(key);
                    }
                });
                def.embed(prefix, group, 2, child);
            }
        }
    }

    /** A class named where a plugin of another kind is expected, refused in Apache Kafka Connect's words. */
    static ConfigException notImplementing(Class<?> chosen, Class<?> required) {
        return new ConfigException("Class " + chosen + " does not implement the " + required.getSimpleName() + " interface");
    }

    /** The keys of a transformation or predicate class, or null when it cannot be used. */
    private ConfigDef ownKeys(String className, String version, PluginType type) {
        if (className == null || className.isBlank()) {
            return null;
        }
        try {
            ConfigDef def = type == PluginType.TRANSFORMATION
                    ? plugins.newTransformation(className.trim(), version).config()
                    : plugins.newPredicate(className.trim(), version).config();
            return def == null ? new ConfigDef() : def;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The version of a plugin the connector would use: the one its own plugin bundles, else the newest. */
    private String versionForConnector(String className, PluginType type) {
        if (className == null || className.isBlank()) {
            return null;
        }
        String name = plugins.aliases().getOrDefault(className.trim(), className.trim());
        for (PluginDesc<?> desc : plugins.plugins(type)) {
            if (desc.className().equals(name) && desc.loader() == connector.loader() && desc.loader() != null
                    && !PluginDesc.CLASSPATH.equals(desc.location())) {
                return desc.version();
            }
        }
        return latestVersion(name, type);
    }

    private String latestVersion(String className, PluginType type) {
        if (className == null) {
            return null;
        }
        return plugins.find(className, type).map(PluginDesc::version).orElse(null);
    }

    private List<Object> versions(String className, PluginType type) {
        String name = plugins.aliases().getOrDefault(className, className);
        List<Object> versions = new ArrayList<>();
        for (PluginDesc<?> desc : plugins.plugins(type)) {
            if (desc.className().equals(name)) {
                versions.add(desc.version());
            }
        }
        return versions;
    }

    private static void replace(ConfigDef def, String name, Object defaultValue, ConfigDef.Recommender recommender) {
        replace(def, name, defaultValue, def.configKeys().get(name).validator, recommender);
    }

    private static void replace(ConfigDef def, String name, Object defaultValue, ConfigDef.Validator validator,
                                ConfigDef.Recommender recommender) {
        ConfigKey key = def.configKeys().get(name);
        def.configKeys().put(name, new ConfigKey(key.name, key.type, defaultValue, validator, key.importance,
                key.documentation, key.group, key.orderInGroup, key.width, key.displayName, key.dependents, recommender,
                key.internalConfig));
    }

    private interface Values {
        List<Object> of(Map<String, Object> parsed);
    }

    private static ConfigDef.Recommender recommender(Values values) {
        return new ConfigDef.Recommender() {
            @Override
            public List<Object> validValues(String name, Map<String, Object> parsed) {
                return values.of(parsed);
            }

            @Override
            public boolean visible(String name, Map<String, Object> parsed) {
                return true;
            }
        };
    }
}
