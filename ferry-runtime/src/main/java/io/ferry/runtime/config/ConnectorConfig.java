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

    /**
     * The framework's own connector keys, before transform, predicate and plugin keys are added. Names, types,
     * defaults, groups, orders, widths and display names are Apache Kafka Connect's, so tools that render them
     * (validation UIs) see the same form.
     */
    public static ConfigDef configDef() {
        ConfigDef def = new ConfigDef()
                .define(NAME_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE,
                        ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars(), Importance.HIGH,
                        "Globally unique name of this connector.", COMMON_GROUP, 1, Width.MEDIUM, "Connector name")
                .define(CONNECTOR_CLASS_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Connector class, by full name or alias such as FileStreamSource.", COMMON_GROUP, 2,
                        Width.LONG, "Connector class")
                .define(CONNECTOR_VERSION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                        "Version (or version range) of the connector plugin to use; newest when not set.",
                        COMMON_GROUP, 3, Width.MEDIUM, "Connector version")
                .define(TASKS_MAX_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1), Importance.HIGH,
                        "Largest number of tasks this connector may run.", COMMON_GROUP, 4, Width.SHORT, "Tasks max")
                .define(TASKS_MAX_ENFORCE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        "Fail the connector when it asks for more tasks than tasks.max.", COMMON_GROUP, 5,
                        Width.SHORT, "Enforce tasks max")
                .define(KEY_CONVERTER_CLASS_CONFIG, Type.CLASS, null, Importance.LOW,
                        "Key converter for this connector; the worker's when not set.", COMMON_GROUP, 6,
                        Width.SHORT, "Key converter class")
                .define(KEY_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the key converter.", COMMON_GROUP, 7, Width.SHORT, "Key converter version")
                .define(VALUE_CONVERTER_CLASS_CONFIG, Type.CLASS, null, Importance.LOW,
                        "Value converter for this connector; the worker's when not set.", COMMON_GROUP, 8,
                        Width.SHORT, "Value converter class")
                .define(VALUE_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the value converter.", COMMON_GROUP, 9, Width.SHORT, "Value converter version")
                .define(HEADER_CONVERTER_CLASS_CONFIG, Type.CLASS, null, Importance.LOW,
                        "Header converter for this connector; the worker's when not set.", COMMON_GROUP, 10,
                        Width.SHORT, "Header converter class")
                .define(HEADER_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW,
                        "Version range of the header converter.", COMMON_GROUP, 11, Width.SHORT, "Header converter version")
                .define(TRANSFORMS_CONFIG, Type.LIST, "", new UniqueAliases("transformation"), Importance.LOW,
                        "Aliases of the transformations applied to records, in order.", TRANSFORMS_GROUP, 12,
                        Width.LONG, "Transforms")
                .define(PREDICATES_CONFIG, Type.LIST, "", new UniqueAliases("predicate"), Importance.LOW,
                        "Aliases of the predicates transformations can be guarded by.", PREDICATES_GROUP, 13,
                        Width.LONG, "Predicates")
                .define(CONFIG_RELOAD_ACTION_CONFIG, Type.STRING, "restart",
                        ConfigDef.ValidString.in("none", "restart"), Importance.LOW,
                        "What to do when a config provider reports that a value it supplied changed.", COMMON_GROUP,
                        14, Width.MEDIUM, "Reload Action");
        def.define(ERRORS_RETRY_TIMEOUT_CONFIG, Type.LONG, 0L, Importance.MEDIUM,
                        "How long a failed operation is retried, in ms: 0 means no retry, -1 means for ever.",
                        ERROR_GROUP, 1, Width.MEDIUM, "Retry Timeout for Errors")
                .define(ERRORS_RETRY_MAX_DELAY_CONFIG, Type.LONG, 60000L, Importance.MEDIUM,
                        "Longest pause between two retries of a failed operation, in ms.", ERROR_GROUP, 2,
                        Width.MEDIUM, "Maximum Delay Between Retries for Errors")
                .define(ERRORS_TOLERANCE_CONFIG, Type.STRING, "none", ConfigDef.ValidString.in("none", "all"),
                        Importance.MEDIUM, "'none' fails the task at the first bad record; 'all' skips bad records.",
                        ERROR_GROUP, 3, Width.SHORT, "Error Tolerance")
                .define(ERRORS_LOG_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Log each failed operation and the record it concerned.", ERROR_GROUP, 4, Width.SHORT,
                        "Log Errors")
                .define(ERRORS_LOG_INCLUDE_MESSAGES_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Include the record's key, value and headers in error logs.", ERROR_GROUP, 5,
                        Width.SHORT, "Log Error Details");
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

    /** A number that may be absent; when given it is at least zero. */
    static final ConfigDef.Validator NULL_OR_NON_NEGATIVE = new ConfigDef.Validator() {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && ((Number) value).longValue() < 0) {
                throw new ConfigException(name, value, "Value must be at least 0");
            }
        }

        @Override
        public String toString() {
            return "[0,...]";
        }
    };

    /** Aliases must be unique: each names its own settings. */
    static final class UniqueAliases implements ConfigDef.Validator {
        private final String kind;

        UniqueAliases(String kind) {
            this.kind = kind;
        }

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "must not be null");
            }
            @SuppressWarnings("unchecked")
            List<String> aliases = (List<String>) value;
            Set<String> seen = new HashSet<>();
            for (String alias : aliases) {
                if (!seen.add(alias)) {
                    throw new ConfigException(name, value, "Duplicate alias provided.");
                }
            }
        }

        @Override
        public String toString() {
            return "non-null string, unique " + kind + " aliases";
        }
    }
}
