package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

import java.util.Map;

/** Keys of source connectors: topic creation (KIP-158) and the exactly-once settings Apache defines. */
public class SourceConnectorConfig extends ConnectorConfig {

    public static final String TOPIC_CREATION_GROUP = "Topic Creation";
    public static final String EXACTLY_ONCE_GROUP = "Exactly Once Support";
    public static final String TOPIC_CREATION_GROUPS_CONFIG = "topic.creation.groups";
    public static final String EXACTLY_ONCE_SUPPORT_CONFIG = "exactly.once.support";
    public static final String TRANSACTION_BOUNDARY_CONFIG = "transaction.boundary";
    public static final String TRANSACTION_BOUNDARY_INTERVAL_CONFIG = "transaction.boundary.interval.ms";
    public static final String OFFSETS_TOPIC_CONFIG = "offsets.storage.topic";

    public static ConfigDef configDef() {
        return ConnectorConfig.configDef()
                .define(TOPIC_CREATION_GROUPS_CONFIG, Type.LIST, "", new ConnectorConfig.UniqueAliases("topic creation group"),
                        Importance.LOW, "Groups of topic settings, besides 'default', for topics this connector creates.",
                        TOPIC_CREATION_GROUP, 1, Width.LONG, "Topic Creation Groups")
                .define(EXACTLY_ONCE_SUPPORT_CONFIG, Type.STRING, "requested",
                        ConfigDef.CaseInsensitiveValidString.in("required", "requested"), Importance.MEDIUM,
                        "Whether the connector must support exactly-once delivery.", EXACTLY_ONCE_GROUP, 2,
                        Width.SHORT, "Exactly once support")
                .define(TRANSACTION_BOUNDARY_CONFIG, Type.STRING, "poll",
                        ConfigDef.CaseInsensitiveValidString.in("interval", "poll", "connector"), Importance.MEDIUM,
                        "Where transactions end when exactly-once delivery is on.", EXACTLY_ONCE_GROUP, 3, Width.SHORT,
                        "Transaction Boundary")
                .define(TRANSACTION_BOUNDARY_INTERVAL_CONFIG, Type.LONG, null, ConnectorConfig.NULL_OR_NON_NEGATIVE, Importance.LOW,
                        "Transaction length in ms with transaction.boundary=interval.", EXACTLY_ONCE_GROUP, 4,
                        Width.SHORT, "Transaction boundary interval")
                .define(OFFSETS_TOPIC_CONFIG, Type.STRING, null, new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Topic for this connector's own offsets.", "offsets.topic", 1, Width.LONG, "Offsets topic");
    }

    public SourceConnectorConfig(Map<String, String> props) {
        super(configDef(), props);
    }
}
