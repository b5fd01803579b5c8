package io.ferry.runtime.config;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keys every connector has, whatever its plugin: identity, task count, converters, transforms, error handling. */
public class ConnectorConfig extends AbstractConfig {

    public static final String COMMON_GROUP = "Common";
    public static final String TRANSFORMS_GROUP = "Transforms";
    public static final String PREDICATES_GROUP = "Predicates";
    public static final String ERROR_GROUP = "Error Handling";

    public static final String NAME_CONFIG = "name";
    public static final String CONNECTOR_CLASS_CONFIG = "connector.class";
    public static final String CONNECTOR_VERSION_CONFIG = "connector.plugin.version";
    public static final String TASKS_MAX_CONFIG = "tasks.max";
    public static final String TASKS_MAX_ENFORCE_CONFIG = "tasks.max.enforce";
    public static final String KEY_CONVERTER_CLASS_CONFIG = WorkerConfig.KEY_CONVERTER_CLASS_CONFIG;
    public static final String VALUE_CONVERTER_CLASS_CONFIG = WorkerConfig.VALUE_CONVERTER_CLASS_CONFIG;
    public static final String HEADER_CONVERTER_CLASS_CONFIG = WorkerConfig.HEADER_CONVERTER_CLASS_CONFIG;
    public static final String KEY_CONVERTER_VERSION_CONFIG = WorkerConfig.KEY_CONVERTER_VERSION_CONFIG;
    public static final String VALUE_CONVERTER_VERSION_CONFIG = WorkerConfig.VALUE_CONVERTER_VERSION_CONFIG;
    public static final String HEADER_CONVERTER_VERSION_CONFIG = WorkerConfig.HEADER_CONVERTER_VERSION_CONFIG;
    public static final String TRANSFORMS_CONFIG = "transforms";
    public static final String PREDICATES_CONFIG = "predicates";
    public static final String CONFIG_RELOAD_ACTION_CONFIG = "config.action.reload";
    public static final String ERRORS_RETRY_TIMEOUT_CONFIG = "errors.retry.timeout";
    public static final String ERRORS_RETRY_MAX_DELAY_CONFIG = "errors.retry.delay.max.ms";
    public static final String ERRORS_TOLERANCE_CONFIG = "errors.tolerance";
    public static final String ERRORS_LOG_ENABLE_CONFIG = "errors.log.enable";
    public static final String ERRORS_LOG_INCLUDE_MESSAGES_CONFIG = "errors.log.include.messages";

    public static final String TASK_CLASS_CONFIG = "task.class";

    /** The framework's own connector keys, before transform, predicate and plugin keys are added. */
    public static ConfigDef configDef() {
        int order = 0;
        ConfigDef def = new ConfigDef()
                .define(NAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConnectorNameValidator(), Importance.HIGH,
                        "Globally unique name of this connector.", COMMON_GROUP, ++order, Width.MEDIUM, "Connector name")
                .define(CONNECTOR_CLASS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Connector class, by full name or alias such as FileStreamSource.", COMMON_GROUP, ++order,
                        Width.LONG, "Connector class")
                .define(CONNECTOR_VERSION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Version (or version range) of the connector plugin to use; newest when not set.",
                        COMMON_GROUP, ++order, Width.MEDIUM, "Connector version")
                .define(TASKS_MAX_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Largest number of tasks this connector may run.", COMMON_GROUP, ++order, Width.SHORT, "Tasks max")
                .define(TASKS_MAX_ENFORCE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        "Fail the connector when it asks for more tasks than tasks.max.", COMMON_GROUP, ++order,
                        Width.SHORT, "Enforce tasks max")
                .define(KEY_CONVERTER_CLASS_CONFIG, Type.STRING, null, Importance.LOW,
                        "Key converter for this connector; the worker's when not set.", COMMON_GROUP, ++order,
                        Width.SHORT, "Key converter class")
                .define(KEY_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the key converter.", COMMON_GROUP, ++order, Width.SHORT, "Key converter version")
                .define(VALUE_CONVERTER_CLASS_CONFIG, Type.STRING, null, Importance.LOW,
                        "Value converter for this connector; the worker's when not set.", COMMON_GROUP, ++order,
                        Width.SHORT, "Value converter class")
                .define(VALUE_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the value converter.", COMMON_GROUP, ++order, Width.SHORT, "Value converter version")
                .define(HEADER_CONVERTER_CLASS_CONFIG, Type.STRING, null, Importance.LOW,
                        "Header converter for this connector; the worker's when not set.", COMMON_GROUP, ++order,
                        Width.SHORT, "Header converter class")
                .define(HEADER_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the header converter.", COMMON_GROUP, ++order, Width.SHORT, "Header converter version")
                .define(TRANSFORMS_CONFIG, Type.LIST, "", new UniqueAliases(TRANSFORMS_CONFIG), Importance.LOW,
                        "Aliases of the transformations applied to records, in order.", TRANSFORMS_GROUP, ++order,
                        Width.LONG, "Transforms")
                .define(PREDICATES_CONFIG, Type.LIST, "", new UniqueAliases(PREDICATES_CONFIG), Importance.LOW,
                        "Aliases of the predicates transformations can be guarded by.", PREDICATES_GROUP, ++order,
                        Width.LONG, "Predicates")
                .define(CONFIG_RELOAD_ACTION_CONFIG, Type.STRING, "restart",
                        ConfigDef.CaseInsensitiveValidString.in("none", "restart"), Importance.LOW,
                        "What to do when a config provider reports that a value it supplied changed.", COMMON_GROUP,
                        ++order, Width.MEDIUM, "Reload action");
        int errorOrder = 0;
        def.define(ERRORS_RETRY_TIMEOUT_CONFIG, Type.LONG, 0L, Importance.MEDIUM,
                        "How long a failed operation is retried, in ms: 0 means no retry, -1 means for ever.",
                        ERROR_GROUP, ++errorOrder, Width.MEDIUM, "Retry timeout for errors")
                .define(ERRORS_RETRY_MAX_DELAY_CONFIG, Type.LONG, 60000L, Importance.MEDIUM,
                        "Longest pause between two retries of a failed operation, in ms.", ERROR_GROUP, ++errorOrder,
                        Width.MEDIUM, "Maximum delay between retries for errors")
                .define(ERRORS_TOLERANCE_CONFIG, Type.STRING, "none",
                        ConfigDef.CaseInsensitiveValidString.in("none", "all"), Importance.MEDIUM,
                        "'none' fails the task at the first bad record; 'all' skips bad records.", ERROR_GROUP,
                        ++errorOrder, Width.SHORT, "Error tolerance")
                .define(ERRORS_LOG_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Log each failed operation and the record it concerned.", ERROR_GROUP, ++errorOrder, Width.SHORT,
                        "Log errors")
                .define(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Include the record's key, value and headers in error logs.", ERROR_GROUP, ++errorOrder,
                        Width.SHORT, "Log error messages");
        return def;
    }

    public ConnectorConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
    }

    public ConnectorConfig(Map<String, String> props) {
        this(configDef(), props);
    }

    public String connectorName() {
        return getString(NAME_CONFIG);
    }

    public String connectorClass() {
        return getString(CONNECTOR_CLASS_CONFIG);
    }

    public int tasksMax() {
        return getInt(TASKS_MAX_CONFIG);
    }

    public boolean toleratesAllErrors() {
        return "all".equalsIgnoreCase(getString(ERRORS_TOLERANCE_CONFIG));
    }

    /** Rejects empty names and names with control characters, which break URLs and topic keys. */
    static final class ConnectorNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = (String) value;
            if (s == null || s.trim().isEmpty()) {
                throw new ConfigException(name, value, "Connector name must not be empty");
            }
            for (char c : s.toCharArray()) {
                if (Character.isISOControl(c)) {
                    throw new ConfigException(name, value, "Connector name must not contain ISO control characters");
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty string without ISO control characters";
        }
    }

    static final class UniqueAliases implements ConfigDef.Validator {
        private final String key;

        UniqueAliases(String key) {
            this.key = key;
        }

        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> aliases = (List<String>) value;
            Set<String> seen = new HashSet<>();
            for (String alias : aliases) {
                if (alias.isBlank()) {
                    throw new ConfigException(name, value, "Empty alias in " + key);
                }
                if (!seen.add(alias)) {
                    throw new ConfigException(name, value, "Duplicate alias provided: " + alias);
                }
            }
        }

        @Override
        public String toString() {
            return "unique, non-empty aliases";
        }
    }
}
