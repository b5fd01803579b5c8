package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

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

    /** Checks the rules that span several sink keys; returns the problem, or null when there is none. */
    public static String topicsProblem(Map<String, String> props) {
        String topics = props.getOrDefault(TOPICS_CONFIG, "").trim();
        String regex = props.getOrDefault(TOPICS_REGEX_CONFIG, "").trim();
        if (!topics.isEmpty() && !regex.isEmpty()) {
            return "Must configure one of topics or topics.regex, not both";
        }
        if (topics.isEmpty() && regex.isEmpty()) {
            return "Must configure one of topics or topics.regex";
        }
        String dlq = props.getOrDefault(DLQ_TOPIC_NAME_CONFIG, "").trim();
        if (!dlq.isEmpty()) {
            if (!topics.isEmpty() && List.of(topics.split("\\s*,\\s*")).contains(dlq)) {
                return "The DLQ topic '" + dlq + "' may not be included in the list of topics ('topics') to consume";
            }
            if (!regex.isEmpty() && Pattern.compile(regex).matcher(dlq).matches()) {
                return "The DLQ topic '" + dlq + "' may not be matched by the topics regex ('topics.regex')";
            }
        }
        return null;
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
