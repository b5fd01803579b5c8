package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Keys of sink connectors: what to consume and where undeliverable records go. */
public class SinkConnectorConfig extends ConnectorConfig {

    public static final String TOPICS_CONFIG = "topics";
    public static final String TOPICS_REGEX_CONFIG = "topics.regex";
    public static final String DLQ_TOPIC_NAME_CONFIG = "errors.deadletterqueue.topic.name";
    public static final String DLQ_TOPIC_REPLICATION_FACTOR_CONFIG = "errors.deadletterqueue.topic.replication.factor";
    public static final String DLQ_CONTEXT_HEADERS_ENABLE_CONFIG = "errors.deadletterqueue.context.headers.enable";

    public static ConfigDef configDef() {
        return ConnectorConfig.configDef()
                .define(TOPICS_CONFIG, Type.LIST, "", Importance.HIGH,
                        "Topics to consume, comma-separated. Set either this or topics.regex.", COMMON_GROUP, 4,
                        Width.LONG, "Topics")
                .define(TOPICS_REGEX_CONFIG, Type.STRING, "", new RegexValidator(), Importance.HIGH,
                        "Regular expression for the topics to consume. Set either this or topics.", COMMON_GROUP, 4,
                        Width.LONG, "Topics regex")
                .define(DLQ_TOPIC_NAME_CONFIG, Type.STRING, "", Importance.MEDIUM,
                        "Topic that receives records that failed conversion or transformation (dead letter queue).",
                        ERROR_GROUP, 6, Width.MEDIUM, "Dead Letter Queue Topic Name")
                .define(DLQ_TOPIC_REPLICATION_FACTOR_CONFIG, Type.SHORT, (short) 3, Importance.MEDIUM,
                        "Replication factor of the dead letter queue topic when it has to be created.", ERROR_GROUP, 7,
                        Width.MEDIUM, "Dead Letter Queue Topic Replication Factor")
                .define(DLQ_CONTEXT_HEADERS_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM,
                        "Add __connect.errors.* headers describing the failure to dead letter queue records.",
                        ERROR_GROUP, 8, Width.MEDIUM, "Enable Error Context Headers");
    }

    public SinkConnectorConfig(Map<String, String> props) {
        super(configDef(), props);
    }

    public List<String> topics() {
        return getList(TOPICS_CONFIG);
    }

    public String topicsRegex() {
        return getString(TOPICS_REGEX_CONFIG);
    }

    public String dlqTopic() {
        return getString(DLQ_TOPIC_NAME_CONFIG).trim();
    }

    public boolean dlqContextHeaders() {
        return getBoolean(DLQ_CONTEXT_HEADERS_ENABLE_CONFIG);
    }

    public short dlqReplicationFactor() {
        return getShort(DLQ_TOPIC_REPLICATION_FACTOR_CONFIG);
    }

    /** Whether the connector sends failed records to a dead letter queue topic. */
    public static boolean hasDeadLetterQueue(Map<String, String> props) {
        return !props.getOrDefault(DLQ_TOPIC_NAME_CONFIG, "").isBlank();
    }

    /**
     * Adds the errors of the rules that span several sink keys to validated values: exactly one of topics and
     * topics.regex, and a dead letter queue topic that is not consumed.
     */
    public static void validateTopics(Map<String, String> props, Map<String, ConfigValue> validated) {
        String topics = props.get(TOPICS_CONFIG);
        String regex = props.get(TOPICS_REGEX_CONFIG);
        String dlq = props.getOrDefault(DLQ_TOPIC_NAME_CONFIG, "").trim();
        boolean hasTopics = topics != null && !topics.isBlank();
        boolean hasRegex = regex != null && !regex.isBlank();
        if (hasTopics && hasRegex) {
            String message = TOPICS_CONFIG + " and " + TOPICS_REGEX_CONFIG + " are mutually exclusive options, but both are set.";
            addError(validated, TOPICS_CONFIG, topics, message);
            addError(validated, TOPICS_REGEX_CONFIG, regex, message);
        }
        if (!hasTopics && !hasRegex) {
            String message = "Must configure one of " + TOPICS_CONFIG + " or " + TOPICS_REGEX_CONFIG;
            addError(validated, TOPICS_CONFIG, topics, message);
            addError(validated, TOPICS_REGEX_CONFIG, regex, message);
        }
        if (!dlq.isEmpty()) {
            if (hasTopics) {
                List<String> list = topicList(topics);
                if (list.contains(dlq)) {
                    addError(validated, TOPICS_CONFIG, topics, String.format("The DLQ topic '%s' may not be included in the "
                            + "list of topics ('%s=%s') consumed by the connector", dlq, TOPICS_CONFIG, list));
                }
            }
            if (hasRegex && Pattern.compile(regex).matcher(dlq).matches()) {
                addError(validated, TOPICS_REGEX_CONFIG, regex, String.format("The DLQ topic '%s' may not be matched by the "
                        + "regex for the topics ('%s=%s') consumed by the connector", dlq, TOPICS_REGEX_CONFIG, regex));
            }
        }
    }

    /** The first problem {@link #validateTopics} finds, or null. */
    public static String topicsProblem(Map<String, String> props) {
        Map<String, ConfigValue> values = new java.util.LinkedHashMap<>();
        validateTopics(props, values);
        return values.values().stream().flatMap(v -> v.errorMessages().stream()).findFirst().orElse(null);
    }

    private static List<String> topicList(String topics) {
        List<String> result = new java.util.ArrayList<>();
        for (String topic : topics.split(",")) {
            if (!topic.isBlank()) {
                result.add(topic.trim());
            }
        }
        return result;
    }

    private static void addError(Map<String, ConfigValue> validated, String key, String value, String message) {
        validated.computeIfAbsent(key, k -> new ConfigValue(k, value, new java.util.ArrayList<>(), new java.util.ArrayList<>()))
                .addErrorMessage(message);
    }

    static final class RegexValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String s = (String) value;
            if (s == null || s.isEmpty()) {
                return;
            }
            try {
                Pattern.compile(s);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(name, value, "Invalid regex: " + e.getDescription());
            }
        }

        @Override
        public String toString() {
            return "valid regex";
        }
    }
}
