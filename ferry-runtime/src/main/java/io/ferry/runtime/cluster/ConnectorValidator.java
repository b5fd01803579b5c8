package io.ferry.runtime.cluster;

import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.SinkConnectorConfig;
import io.ferry.runtime.config.SourceConnectorConfig;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConfigInfos.ConfigInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigKeyInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigValueInfo;
import io.ferry.runtime.worker.TopicCreation;
import io.ferry.runtime.worker.Transformations;
import io.ferry.runtime.worker.Worker;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a connector config the way {@code PUT /connector-plugins/{plugin}/config/validate} reports it: the
 * framework's keys (with the keys of every configured transformation and predicate), the plugin's own keys, and the
 * client overrides the worker's policy rejects.
 */
public final class ConnectorValidator {

    private final Worker worker;
    private final Plugins plugins;

    public ConnectorValidator(Worker worker) {
        this.worker = worker;
        this.plugins = worker.plugins();
    }

    public ConfigInfos validate(Map<String, String> rawConfig) {
        String connectorClass = rawConfig.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
        if (connectorClass == null || connectorClass.isBlank()) {
            throw new InvalidRequestException("Connector config " + rawConfig + " contains no connector type");
        }
        Map<String, String> config;
        try {
            config = worker.configProviders().resolve(rawConfig);
        } catch (ConfigException | ConnectException e) {
            throw new InvalidRequestException("Could not resolve the config's ${...} references: " + e.getMessage());
        }
        PluginDesc<?> desc = connectorPlugin(connectorClass.trim(), config.get(ConnectorConfig.CONNECTOR_VERSION_CONFIG));
        Connector connector;
        try {
            connector = plugins.newPlugin(desc, Connector.class);
        } catch (ConnectException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        boolean sink = desc.type() == PluginType.SINK;

        ConfigDef frameworkDef = sink ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();
        addAliasKeys(frameworkDef, config, PluginType.TRANSFORMATION);
        addAliasKeys(frameworkDef, config, PluginType.PREDICATE);
        Map<String, ConfigValue> framework = frameworkDef.validateAll(config);
        checkConverters(config, framework);
        if (sink) {
            String topicsProblem = SinkConnectorConfig.topicsProblem(config);
            if (topicsProblem != null) {
                addError(framework, SinkConnectorConfig.TOPICS_CONFIG, topicsProblem);
                addError(framework, SinkConnectorConfig.TOPICS_REGEX_CONFIG, topicsProblem);
            }
        } else {
            TopicCreation.problems(config).forEach((key, problem) ->
                    framework.computeIfAbsent(key, k -> new ConfigValue(k, config.get(k), List.of(), new ArrayList<>()))
                            .addErrorMessage(problem));
        }

        List<ConfigValue> pluginValues;
        ConfigDef pluginDef;
        try (var ignored = Plugins.swapLoader(desc.loader())) {
            pluginDef = connector.config();
            Config validated = connector.validate(config);
            pluginValues = validated == null ? List.of() : validated.configValues();
        } catch (Throwable t) {
            throw new InvalidRequestException("Connector " + desc.className() + " failed to validate its config: " + t);
        }

        @SuppressWarnings("unchecked")
        Class<? extends Connector> pluginClass = (Class<? extends Connector>) desc.pluginClass();
        List<ConfigValue> overrideErrors = worker.overridePolicy().violations(
                config.getOrDefault(ConnectorConfig.NAME_CONFIG, ""), pluginClass,
                sink ? ConnectorType.SINK : ConnectorType.SOURCE, config);

        Set<String> groups = new LinkedHashSet<>();
        List<ConfigInfo> infos = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        int errors = 0;
        for (ConfigKey key : frameworkDef.configKeys().values()) {
            if (key.group != null) {
                groups.add(key.group);
            }
            ConfigValue value = framework.get(key.name);
            infos.add(new ConfigInfo(keyInfo(key), valueInfo(value, key.type)));
            seen.add(key.name);
            errors += value == null ? 0 : value.errorMessages().size();
        }
        for (Map.Entry<String, ConfigValue> e : framework.entrySet()) {
            if (!seen.contains(e.getKey()) && !e.getValue().errorMessages().isEmpty()) {
                infos.add(new ConfigInfo(null, valueInfo(e.getValue(), ConfigDef.Type.STRING)));
                seen.add(e.getKey());
                errors += e.getValue().errorMessages().size();
            }
        }
        Map<String, ConfigValue> pluginByName = new LinkedHashMap<>();
        pluginValues.forEach(v -> pluginByName.put(v.name(), v));
        Map<String, ConfigKey> pluginKeys = pluginDef == null ? Map.of() : pluginDef.configKeys();
        for (ConfigKey key : pluginKeys.values()) {
            if (seen.add(key.name)) {
                if (key.group != null) {
                    groups.add(key.group);
                }
                ConfigValue value = pluginByName.get(key.name);
                infos.add(new ConfigInfo(keyInfo(key), valueInfo(value, key.type)));
                errors += value == null ? 0 : value.errorMessages().size();
            }
        }
        for (ConfigValue value : pluginValues) {
            if (seen.add(value.name())) {
                infos.add(new ConfigInfo(null, valueInfo(value, ConfigDef.Type.STRING)));
                errors += value.errorMessages().size();
            }
        }
        for (ConfigValue value : overrideErrors) {
            infos.add(new ConfigInfo(null, valueInfo(value, ConfigDef.Type.STRING)));
            errors += value.errorMessages().size();
        }
        return new ConfigInfos(connectorClass, errors, new ArrayList<>(groups), infos);
    }

    private static final PluginType[] CONFIGURABLE = {PluginType.SOURCE, PluginType.SINK, PluginType.CONVERTER,
            PluginType.HEADER_CONVERTER, PluginType.TRANSFORMATION, PluginType.PREDICATE};

    /** The config keys of a plugin: its own first, then, for connectors, the framework's. */
    public List<ConfigKeyInfo> pluginConfig(String name, String version) {
        PluginDesc<?> desc;
        try {
            desc = plugins.find(name, version, CONFIGURABLE).orElse(null);
        } catch (ConnectException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (desc == null) {
            if (plugins.find(name).isPresent()) {
                throw new InvalidRequestException("Invalid plugin class " + name
                        + ". Valid types are sink, source, converter, header_converter, transformation, predicate.");
            }
            throw new org.apache.kafka.connect.errors.NotFoundException("Unknown plugin " + name + ".");
        }
        Object plugin = plugins.newPlugin(desc, Object.class);
        ConfigDef own;
        ConfigDef base = null;
        try (var ignored = Plugins.swapLoader(desc.loader())) {
            if (plugin instanceof Connector connector) {
                own = connector.config();
                base = desc.type() == PluginType.SINK ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();
            } else if (plugin instanceof org.apache.kafka.connect.storage.Converter converter) {
                own = converter.config();
            } else if (plugin instanceof org.apache.kafka.connect.storage.HeaderConverter converter) {
                own = converter.config();
            } else if (plugin instanceof Transformation<?> transformation) {
                own = transformation.config();
            } else {
                own = ((Predicate<?>) plugin).config();
            }
        }
        Map<String, ConfigKey> keys = new LinkedHashMap<>(own == null ? Map.of() : own.configKeys());
        if (base != null) {
            base.configKeys().forEach(keys::putIfAbsent);
        }
        List<ConfigKeyInfo> result = new ArrayList<>();
        keys.values().forEach(k -> result.add(keyInfo(k)));
        return result;
    }

    /** The connector's plugin; an unknown class is refused with the names of the closest plugins that exist. */
    PluginDesc<?> connectorPlugin(String connectorClass, String version) {
        return plugins.find(connectorClass, version, PluginType.SOURCE, PluginType.SINK).orElseThrow(() -> {
            List<String> close = plugins.closestMatches(connectorClass, 3, PluginType.SOURCE, PluginType.SINK);
            StringBuilder sb = new StringBuilder("Failed to find any class that implements Connector and which name matches ")
                    .append(connectorClass);
            if (version != null) {
                sb.append(" with version ").append(version);
            }
            sb.append(close.isEmpty() ? ". No connector plugins are installed; check plugin.path."
                    : ". Did you mean: " + String.join(", ", close) + "?");
            return new InvalidRequestException(sb.toString());
        });
    }

    private void checkConverters(Map<String, String> config, Map<String, ConfigValue> values) {
        checkPlugin(config, values, ConnectorConfig.KEY_CONVERTER_CLASS_CONFIG, PluginType.CONVERTER);
        checkPlugin(config, values, ConnectorConfig.VALUE_CONVERTER_CLASS_CONFIG, PluginType.CONVERTER);
        checkPlugin(config, values, ConnectorConfig.HEADER_CONVERTER_CLASS_CONFIG, PluginType.HEADER_CONVERTER);
    }

    private void checkPlugin(Map<String, String> config, Map<String, ConfigValue> values, String key, PluginType type) {
        String name = config.get(key);
        if (name == null || name.isBlank()) {
            return;
        }
        if (plugins.find(name.trim(), config.get(key + ".plugin.version"), type).isEmpty()) {
            addError(values, key, "Invalid value " + name + " for configuration " + key + ": Class " + name
                    + " could not be found.");
        }
    }

    /**
     * Adds the keys of every configured transformation ({@code transforms.<alias>.type/negate/predicate} and its
     * own keys) or predicate ({@code predicates.<alias>.type} and its own keys), each alias in its own group.
     */
    private void addAliasKeys(ConfigDef def, Map<String, String> config, PluginType type) {
        boolean transforms = type == PluginType.TRANSFORMATION;
        String list = transforms ? ConnectorConfig.TRANSFORMS_CONFIG : ConnectorConfig.PREDICATES_CONFIG;
        String kind = transforms ? "Transformation" : "Predicate";
        int order = 0;
        for (String alias : Transformations.aliases(config.get(list))) {
            String prefix = list + "." + alias + ".";
            String group = (transforms ? "Transforms: " : "Predicates: ") + alias;
            def.define(prefix + "type", ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new PluginClassValidator(type),
                    ConfigDef.Importance.HIGH, "Class for the '" + alias + "' " + kind.toLowerCase(java.util.Locale.ROOT) + ".",
                    group, ++order, ConfigDef.Width.LONG, kind + " type for " + alias);
            if (transforms) {
                def.define(prefix + "negate", ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.MEDIUM,
                        "Whether the predicate's result is inverted.", group, ++order, ConfigDef.Width.SHORT, "Negate");
                def.define(prefix + "predicate", ConfigDef.Type.STRING, null, new PredicateAliasValidator(config),
                        ConfigDef.Importance.MEDIUM, "Alias of the predicate guarding this transformation.", group,
                        ++order, ConfigDef.Width.LONG, "Predicate");
            }
            ConfigDef own = pluginConfigDef(config.get(prefix + "type"), config.get(prefix + "plugin.version"),
                    transforms ? Transformation.class : Predicate.class, type);
            if (own != null) {
                def.embed(prefix, group, ++order, own);
                order += own.configKeys().size();
            }
        }
    }

    /** The ConfigDef of a transformation or predicate class, or null when the class cannot be used. */
    private ConfigDef pluginConfigDef(String type, String version, Class<?> expected, PluginType pluginType) {
        if (type == null || type.isBlank()) {
            return null;
        }
        try {
            Object plugin = plugins.newPlugin(type.trim(), version, expected, pluginType);
            try (var ignored = Plugins.swapLoader(plugins.loaderOf(plugin))) {
                return plugin instanceof Transformation<?> t ? t.config() : ((Predicate<?>) plugin).config();
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void addError(Map<String, ConfigValue> values, String key, String message) {
        values.computeIfAbsent(key, k -> new ConfigValue(k)).addErrorMessage(message);
    }

    static ConfigKeyInfo keyInfo(ConfigKey key) {
        String defaultValue = key.hasDefault() && key.defaultValue != null
                ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
        return new ConfigKeyInfo(key.name, key.type.name(), !key.hasDefault(), defaultValue,
                key.importance == null ? null : key.importance.name(), key.documentation, key.group, key.orderInGroup,
                key.width == null ? null : key.width.name(), key.displayName, key.dependents);
    }

    static ConfigValueInfo valueInfo(ConfigValue value, ConfigDef.Type type) {
        if (value == null) {
            return null;
        }
        List<String> recommended = new ArrayList<>();
        for (Object r : value.recommendedValues()) {
            recommended.add(ConfigDef.convertToString(r, type));
        }
        String rendered = value.value() == null ? null : ConfigDef.convertToString(value.value(), type);
        return new ConfigValueInfo(value.name(), rendered, recommended, value.errorMessages(), value.visible());
    }

    /** Checks that a {@code transforms.<alias>.type} or {@code predicates.<alias>.type} names an installed plugin. */
    private final class PluginClassValidator implements ConfigDef.Validator {
        private final PluginType type;

        PluginClassValidator(PluginType type) {
            this.type = type;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String className = ((String) value).trim();
            if (plugins.find(className, type).isEmpty()) {
                List<String> close = plugins.closestMatches(className, 3, type);
                throw new ConfigException(name, value, "Class " + className + " could not be found"
                        + (close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?"));
            }
        }
    }

    /** Checks that a transformation's predicate alias is listed in {@code predicates}. */
    private static final class PredicateAliasValidator implements ConfigDef.Validator {
        private final Map<String, String> config;

        PredicateAliasValidator(Map<String, String> config) {
            this.config = config;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String alias = ((String) value).trim();
            if (!Transformations.aliases(config.get(ConnectorConfig.PREDICATES_CONFIG)).contains(alias)) {
                throw new ConfigException(name, value, "The predicate '" + alias + "' is not listed in 'predicates'");
            }
        }
    }
}
