package io.ferry.runtime.cluster;

import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.Resolution;
import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.config.SinkConnectorConfig;
import io.ferry.runtime.config.SourceConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.IsolatedConnector;
import io.ferry.runtime.plugins.Isolated;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConfigInfos.ConfigInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigKeyInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigValueInfo;
import io.ferry.runtime.worker.OverridePolicyCheck;
import io.ferry.runtime.worker.TransactionalProducerSettings;
import io.ferry.runtime.worker.TopicCreation;
import io.ferry.runtime.worker.Transformations;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;

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

    private final Plugins plugins;
    private final ConfigProviders configProviders;
    private final WorkerConfig workerConfig;
    private final OverridePolicyCheck overridePolicy;

    public ConnectorValidator(Plugins plugins, ConfigProviders configProviders, WorkerConfig workerConfig,
                              OverridePolicyCheck overridePolicy) {
        this.plugins = plugins;
        this.configProviders = configProviders;
        this.workerConfig = workerConfig;
        this.overridePolicy = overridePolicy;
    }

    public ConfigInfos validate(Map<String, String> rawConfig) {
        String connectorClass = rawConfig.get(ConnectorConfig.CONNECTOR_CLASS_CONFIG);
        if (connectorClass == null || connectorClass.isBlank()) {
            throw new InvalidRequestException("Connector config " + new java.util.HashMap<>(rawConfig) + " contains no connector type");
        }
        Resolution resolution;
        try {
            resolution = configProviders.resolveForValidation(rawConfig);
        } catch (ConfigException | ConnectException e) {
            throw new InvalidRequestException("Could not resolve the config's ${...} references: " + e.getMessage());
        }
        ConfigInfos infos;
        try {
            infos = validateResolved(connectorClass, resolution.values(), resolution.refused());
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException(resolution.redact(e.getMessage()));
        } catch (RuntimeException e) {
            String redacted = resolution.redact(e.getMessage());
            if (redacted == null || redacted.equals(e.getMessage())) {
                throw e;
            }
            throw new ConnectException(redacted);
        }
        return ValidationRedaction.redact(infos, resolution);
    }

    private ConfigInfos validateResolved(String connectorClass, Map<String, String> config, Map<String, String> refused) {
        PluginDesc<?> desc = connectorPlugin(connectorClass.trim(), config.get(ConnectorConfig.CONNECTOR_VERSION_CONFIG));
        IsolatedConnector connector;
        try {
            connector = plugins.newConnector(desc);
        } catch (ConnectException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        boolean sink = desc.type() == PluginType.SINK;
        ConfigDef enriched = new EnrichedConnectorDef(plugins, workerConfig, config, desc).build();
        Map<String, ConfigValue> validated = plugins.withPluginNames(() -> enriched.validateAll(config));
        if (sink) {
            SinkConnectorConfig.validateTopics(config, validated);
        } else {
            TopicCreation.problems(config).forEach((key, problem) ->
                    validated.computeIfAbsent(key, k -> new ConfigValue(k, config.get(k), List.of(), new ArrayList<>()))
                            .addErrorMessage(problem));
        }
        if (!sink && workerConfig instanceof DistributedConfig cluster) {
            // Only a cluster checks exactly-once settings, as in Apache Kafka Connect; a field keeps its first error.
            ExactlyOnceValidation.problems(connector, config, cluster.exactlyOnceSourceEnabled()).forEach((key, messages) -> {
                ConfigValue value = validated.computeIfAbsent(key,
                        k -> new ConfigValue(k, config.get(k), List.of(), new ArrayList<>()));
                if (value.errorMessages().isEmpty()) {
                    messages.forEach(value::addErrorMessage);
                }
            });
        }
        // Ferry's auto.restart.* overrides are not the plugin's keys: shown only when their value is not valid.
        AutoRestartPolicy.problems(config).forEach((key, problem) ->
                validated.computeIfAbsent(key, k -> new ConfigValue(k, config.get(k), List.of(), new ArrayList<>()))
                        .addErrorMessage(problem));
        config.forEach((key, value) -> {
            if (value == null) {
                validated.computeIfAbsent(key, ConfigValue::new)
                        .addErrorMessage("Null value can not be supplied as the configuration value.");
            }
        });
        ConfigInfos converters = converterInfos(config, validated);
        ConfigInfos overrides = overrideInfos(config, desc, sink);
        ConfigInfos own = connectorInfos(connectorClass, config, validated, enriched, connector, desc);
        return ValidationRedaction.withRefusals(merge(connectorClass, own, overrides, converters), refused);
    }

    /** The framework's values and the connector's own keys and values: unknown values first, then every key. */
    private ConfigInfos connectorInfos(String connectorClass, Map<String, String> config, Map<String, ConfigValue> validated,
                                       ConfigDef enriched, IsolatedConnector connector, PluginDesc<?> desc) {
        Map<String, ConfigKey> keys = new LinkedHashMap<>(enriched.configKeys());
        Set<String> groups = new LinkedHashSet<>(enriched.groups());
        List<ConfigValue> values = new ArrayList<>(validated.values());
        try {
            ConfigDef own = connector.config();
            Config ownValues = connector.validate(config);
            if (own == null) {
                throw new InvalidRequestException(desc.className() + ".config() must return a ConfigDef that is not null.");
            }
            if (ownValues == null) {
                throw new InvalidRequestException(desc.className() + ".validate() must return a Config that is not null.");
            }
            keys.putAll(own.configKeys());
            groups.addAll(own.groups());
            values.addAll(ownValues.configValues());
        } catch (InvalidRequestException e) {
            throw e;
        } catch (Throwable t) {
            throw new InvalidRequestException("Connector " + desc.className() + " failed to validate its config: " + t);
        }
        int errors = 0;
        List<ConfigInfo> infos = new ArrayList<>();
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        for (ConfigValue value : values) {
            byName.put(value.name(), value);
            if (!keys.containsKey(value.name())) {
                infos.add(new ConfigInfo(null, valueInfo(value, null)));
                errors += value.errorMessages().size();
            }
        }
        for (Map.Entry<String, ConfigKey> e : keys.entrySet()) {
            ConfigValue value = byName.get(e.getKey());
            infos.add(new ConfigInfo(keyInfo(e.getValue(), ""), value == null ? null : valueInfo(value, e.getValue().type)));
            errors += value == null ? 0 : value.errorMessages().size();
        }
        return new ConfigInfos(connectorClass, errors, new ArrayList<>(groups), infos);
    }

    /** The client overrides the connector sets, judged by the worker's policy, for each client the connector uses. */
    private ConfigInfos overrideInfos(Map<String, String> config, PluginDesc<?> desc, boolean sink) {
        @SuppressWarnings("unchecked")
        Class<? extends Connector> connectorClass = (Class<? extends Connector>) desc.pluginClass();
        boolean dlq = !config.getOrDefault(SinkConnectorConfig.DLQ_TOPIC_NAME_CONFIG, "").isBlank();
        List<ConfigInfos> parts = new ArrayList<>();
        if (!sink || dlq) {
            parts.add(overrideInfos(config, connectorClass, sink, ClientType.PRODUCER, ProducerConfig.configDef()));
        }
        if (sink) {
            parts.add(overrideInfos(config, connectorClass, sink, ClientType.CONSUMER, ConsumerConfig.configDef()));
        }
        if (sink ? dlq : TopicCreation.usesTopicCreation(config)) {
            parts.add(overrideInfos(config, connectorClass, sink, ClientType.ADMIN, AdminClientConfig.configDef()));
        }
        return merge("", parts.toArray(ConfigInfos[]::new));
    }

    private ConfigInfos overrideInfos(Map<String, String> config, Class<? extends Connector> connectorClass, boolean sink,
                                      ClientType clientType, ConfigDef clientDef) {
        String prefix = io.ferry.runtime.worker.ClientConfigs.overridePrefix(clientType);
        List<ConfigValue> values = overridePolicy.validate(config.getOrDefault(ConnectorConfig.NAME_CONFIG, ""),
                connectorClass, sink ? ConnectorType.SINK : ConnectorType.SOURCE, clientType,
                Transformations.withPrefix(config, prefix), clientDef);
        if (clientType == ClientType.PRODUCER && !sink && workerConfig instanceof DistributedConfig cluster
                && cluster.exactlyOnceSourceEnabled()) {
            for (ConfigValue value : values) {
                String conflict = TransactionalProducerSettings.conflict(value.name(), config.get(prefix + value.name()),
                        prefix + value.name());
                if (conflict != null) {
                    value.addErrorMessage(conflict);
                }
            }
        }
        return prefixed(clientDef.configKeys(), values, prefix);
    }

    /** The settings of the converters the connector names itself, validated by each converter's own ConfigDef. */
    private ConfigInfos converterInfos(Map<String, String> config, Map<String, ConfigValue> validated) {
        List<ConfigInfos> parts = new ArrayList<>();
        for (String which : List.of("header", "key", "value")) {
            String classKey = which + ".converter";
            String versionKey = classKey + ".plugin.version";
            String className = config.get(classKey);
            ConfigValue classValue = validated.get(classKey);
            ConfigValue versionValue = validated.get(versionKey);
            if (className == null || classValue == null || !classValue.errorMessages().isEmpty()
                    || versionValue != null && !versionValue.errorMessages().isEmpty()) {
                continue;
            }
            Class<?> required = which.equals("header") ? HeaderConverter.class : Converter.class;
            if (classValue.value() instanceof Class<?> chosen && !required.isAssignableFrom(chosen)) {
                classValue.addErrorMessage(EnrichedConnectorDef.notImplementing(chosen, required).getMessage());
                continue;
            }
            Isolated<?> converter;
            try {
                converter = which.equals("header")
                        ? plugins.newHeaderConverter(className.trim(), config.get(versionKey))
                        : plugins.newConverter(className.trim(), config.get(versionKey));
            } catch (RuntimeException e) {
                classValue.addErrorMessage("Failed to load class " + className + (e.getMessage() != null ? ": " + e.getMessage() : ""));
                continue;
            }
            Map<String, String> converterConfig = new java.util.HashMap<>(Transformations.withPrefix(config, classKey + "."));
            converterConfig.putIfAbsent("converter.type", which);
            try {
                // Within the converter's loader: its ConfigDef may resolve class names through the context loader.
                ConfigInfos part = converter.call(c -> {
                    ConfigDef def = c instanceof Converter kv ? kv.config() : ((HeaderConverter) c).config();
                    return def == null ? null : prefixed(def.configKeys(), def.validate(converterConfig), classKey + ".");
                });
                if (part != null) {
                    parts.add(part);
                }
            } catch (RuntimeException e) {
                classValue.addErrorMessage("Failed to perform config validation for " + which + " converter"
                        + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            } finally {
                if (converter instanceof AutoCloseable validationInstance) {
                    Utils.closeQuietly(validationInstance, "validation instance of " + classKey);
                }
            }
        }
        return merge("", parts.toArray(ConfigInfos[]::new));
    }

    /** Values of a sub-config shown under a prefix; each value with errors counts as one error. */
    private static ConfigInfos prefixed(Map<String, ConfigKey> keys, List<ConfigValue> values, String prefix) {
        int errors = 0;
        Set<String> groups = new LinkedHashSet<>();
        List<ConfigInfo> infos = new ArrayList<>();
        for (ConfigValue value : values) {
            ConfigKey key = keys.get(value.name());
            if (key != null && key.group != null) {
                groups.add(key.group);
            }
            ConfigValue named = new ConfigValue(prefix + value.name(), value.value(), value.recommendedValues(),
                    value.errorMessages());
            if (!named.errorMessages().isEmpty()) {
                errors++;
            }
            infos.add(new ConfigInfo(key == null ? null : keyInfo(key, prefix), valueInfo(named, key == null ? null : key.type)));
        }
        return new ConfigInfos("", errors, new ArrayList<>(groups), infos);
    }

    private static ConfigInfos merge(String name, ConfigInfos... parts) {
        int errors = 0;
        List<ConfigInfo> infos = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (ConfigInfos part : parts) {
            if (part != null) {
                errors += part.errorCount();
                infos.addAll(part.configs());
                groups.addAll(part.groups());
            }
        }
        return new ConfigInfos(name, errors, new ArrayList<>(groups), infos);
    }

    private static final PluginType[] CONFIGURABLE = {PluginType.SOURCE, PluginType.SINK, PluginType.CONVERTER,
            PluginType.HEADER_CONVERTER, PluginType.TRANSFORMATION, PluginType.PREDICATE};

    /** The config keys of a plugin: its own first, then, for connectors, the framework's. */
    public List<ConfigKeyInfo> pluginConfig(String name, String version) {
        try {
            Plugins.checkVersionRange(version);
        } catch (ConnectException e) {
            throw new InvalidRequestException("Invalid version specification: " + version);
        }
        PluginDesc<?> desc;
        try {
            desc = plugins.find(name, version, CONFIGURABLE).orElse(null);
        } catch (ConnectException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (desc == null && version != null) {
            List<String> versions = plugins.versionsOf(name, CONFIGURABLE);
            if (!versions.isEmpty()) {
                String className = plugins.find(name, null, CONFIGURABLE).map(PluginDesc::className).orElse(name);
                throw new InvalidRequestException("Plugin " + className + " not found that matches the version range "
                        + Plugins.describeVersionRange(version) + ", available versions: " + versions);
            }
        }
        if (desc == null) {
            if (plugins.find(name).isPresent()) {
                throw new InvalidRequestException("Invalid plugin class " + name
                        + ". Valid types are sink, source, converter, header_converter, transformation, predicate.");
            }
            throw new org.apache.kafka.connect.errors.NotFoundException("Unknown plugin " + name + ".");
        }
        ConfigDef own;
        ConfigDef base = null;
        Class<?> pluginClass = desc.pluginClass();
        if (Connector.class.isAssignableFrom(pluginClass)) {
            own = plugins.newConnector(desc).config();
            base = frameworkDef(desc.type() == PluginType.SINK, desc.version());
        } else if (Converter.class.isAssignableFrom(pluginClass)) {
            own = plugins.newConverter(desc).config();
        } else if (HeaderConverter.class.isAssignableFrom(pluginClass)) {
            own = plugins.newHeaderConverter(desc).config();
        } else if (Transformation.class.isAssignableFrom(pluginClass)) {
            own = plugins.newTransformation(desc).config();
        } else {
            own = plugins.newPredicate(desc).config();
        }
        Map<String, ConfigKey> keys = new LinkedHashMap<>(own == null ? Map.of() : own.configKeys());
        if (base != null) {
            base.configKeys().forEach(keys::putIfAbsent);
        }
        List<ConfigKeyInfo> result = new ArrayList<>();
        keys.values().forEach(k -> result.add(keyInfo(k, "")));
        return result;
    }

    /** The framework's connector keys, with the plugin's own version as the default of connector.plugin.version. */
    private static ConfigDef frameworkDef(boolean sink, String pluginVersion) {
        ConfigDef def = sink ? SinkConnectorConfig.configDef() : SourceConnectorConfig.configDef();
        ConfigKey key = def.configKeys().get(ConnectorConfig.CONNECTOR_VERSION_CONFIG);
        def.configKeys().put(key.name, new ConfigKey(key.name, key.type, pluginVersion, key.validator, key.importance,
                key.documentation, key.group, key.orderInGroup, key.width, key.displayName, key.dependents,
                key.recommender, key.internalConfig));
        return def;
    }

    /** The connector's plugin; an unknown class is refused with the closest plugins that exist, or those installed. */
    PluginDesc<?> connectorPlugin(String connectorClass, String version) {
        try {
            Plugins.checkVersionRange(version);
        } catch (ConnectException e) {
            // Apache Kafka Connect answers 400 when creating, and 500 when validating (a documented difference).
            throw new InvalidRequestException(e.getMessage());
        }
        return plugins.find(connectorClass, version, PluginType.SOURCE, PluginType.SINK).orElseThrow(() ->
                new InvalidRequestException(plugins.notFoundMessage("Connector", connectorClass, version,
                        PluginType.SOURCE, PluginType.SINK)));
    }

    static ConfigKeyInfo keyInfo(ConfigKey key, String prefix) {
        String defaultValue = key.hasDefault() && key.defaultValue != null
                ? ConfigDef.convertToString(key.defaultValue, key.type) : null;
        return new ConfigKeyInfo(prefix + key.name, key.type.name(), !key.hasDefault(), defaultValue,
                key.importance == null ? null : key.importance.name(), key.documentation, key.group, key.orderInGroup,
                key.width == null ? null : key.width.name(), key.displayName, key.dependents);
    }

    static ConfigValueInfo valueInfo(ConfigValue value, ConfigDef.Type type) {
        if (value == null) {
            return null;
        }
        List<String> recommended = new ArrayList<>();
        for (Object r : value.recommendedValues()) {
            recommended.add(ConfigDef.convertToString(r, type == ConfigDef.Type.LIST ? ConfigDef.Type.STRING : type));
        }
        String rendered = value.value() == null ? null : ConfigDef.convertToString(value.value(), type);
        return new ConfigValueInfo(value.name(), rendered, recommended, value.errorMessages(), value.visible());
    }


}
