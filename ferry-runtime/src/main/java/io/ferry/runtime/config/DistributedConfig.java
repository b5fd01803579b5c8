package io.ferry.runtime.config;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.MetadataRecoveryStrategy;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.KeyGenerator;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A distributed worker: workers with the same {@code group.id} form one cluster, coordinated by Kafka's group
 * coordinator, with configs, offsets and statuses in three compacted topics. The topic names default to names
 * derived from {@code group.id} when they are not set.
 */
public class DistributedConfig extends WorkerConfig {

    private static final Logger log = LoggerFactory.getLogger(DistributedConfig.class);

    public static final String GROUP_ID_CONFIG = CommonClientConfigs.GROUP_ID_CONFIG;
    public static final String CONFIG_TOPIC_CONFIG = "config.storage.topic";
    public static final String CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG = "config.storage.replication.factor";
    public static final String OFFSET_STORAGE_TOPIC_CONFIG = "offset.storage.topic";
    public static final String OFFSET_STORAGE_PARTITIONS_CONFIG = "offset.storage.partitions";
    public static final String OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG = "offset.storage.replication.factor";
    public static final String STATUS_STORAGE_TOPIC_CONFIG = "status.storage.topic";
    public static final String STATUS_STORAGE_PARTITIONS_CONFIG = "status.storage.partitions";
    public static final String STATUS_STORAGE_REPLICATION_FACTOR_CONFIG = "status.storage.replication.factor";
    public static final String WORKER_SYNC_TIMEOUT_MS_CONFIG = "worker.sync.timeout.ms";
    public static final String WORKER_UNSYNC_BACKOFF_MS_CONFIG = "worker.unsync.backoff.ms";
    public static final String CONNECT_PROTOCOL_CONFIG = "connect.protocol";
    public static final String SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG = "scheduled.rebalance.max.delay.ms";
    public static final String INTER_WORKER_KEY_TTL_MS_CONFIG = "inter.worker.key.ttl.ms";
    public static final String INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG = "inter.worker.key.generation.algorithm";
    public static final String INTER_WORKER_KEY_SIZE_CONFIG = "inter.worker.key.size";
    public static final String INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG = "inter.worker.signature.algorithm";
    public static final String INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG = "inter.worker.verification.algorithms";
    public static final String EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG = "exactly.once.source.support";

    private static final ConfigDef CONFIG = baseConfigDef()
            .define(GROUP_ID_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The cluster this worker belongs to: workers with the same group.id form one Connect cluster.")
            .define(CONFIG_TOPIC_CONFIG, Type.STRING, null, Importance.HIGH,
                    "Topic holding connector and task configs; default <group.id>-configs.")
            .define(CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG, Type.SHORT, null, Importance.LOW,
                    "Replication factor of the config topic when it is created; default the broker's.")
            .define(OFFSET_STORAGE_TOPIC_CONFIG, Type.STRING, null, Importance.HIGH,
                    "Topic holding source connector offsets; default <group.id>-offsets.")
            .define(OFFSET_STORAGE_PARTITIONS_CONFIG, Type.INT, 25, Importance.LOW, "Partitions of the offsets topic.")
            .define(OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG, Type.SHORT, null, Importance.LOW,
                    "Replication factor of the offsets topic when it is created; default the broker's.")
            .define(STATUS_STORAGE_TOPIC_CONFIG, Type.STRING, null, Importance.HIGH,
                    "Topic holding connector and task statuses; default <group.id>-status.")
            .define(STATUS_STORAGE_PARTITIONS_CONFIG, Type.INT, 5, Importance.LOW, "Partitions of the status topic.")
            .define(STATUS_STORAGE_REPLICATION_FACTOR_CONFIG, Type.SHORT, null, Importance.LOW,
                    "Replication factor of the status topic when it is created; default the broker's.")
            .define(CommonClientConfigs.SESSION_TIMEOUT_MS_CONFIG, Type.INT, 10000, Importance.HIGH,
                    "A worker that sends no heartbeat for this long leaves the group.")
            .define(CommonClientConfigs.REBALANCE_TIMEOUT_MS_CONFIG, Type.INT, 60000, Importance.HIGH,
                    "How long a rebalance may take.")
            .define(CommonClientConfigs.HEARTBEAT_INTERVAL_MS_CONFIG, Type.INT, 3000, Importance.HIGH,
                    "Time between heartbeats to the group coordinator.")
            .define(WORKER_SYNC_TIMEOUT_MS_CONFIG, Type.INT, 3000, Importance.MEDIUM,
                    "How long a worker may take to catch up with the config topic before it leaves the group.")
            .define(WORKER_UNSYNC_BACKOFF_MS_CONFIG, Type.INT, 300000, Importance.MEDIUM,
                    "How long a worker that could not catch up waits before joining again.")
            .define(CONNECT_PROTOCOL_CONFIG, Type.STRING, "sessioned",
                    ConfigDef.CaseInsensitiveValidString.in("eager", "compatible", "sessioned"), Importance.LOW,
                    "Group protocol: sessioned (incremental, signed internal requests) or compatible (incremental); "
                            + "eager is taken as compatible.")
            .define(SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG, Type.INT, 300000, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "How long the work of a departed worker waits for it to come back before it is given to others.")
            .define(INTER_WORKER_KEY_TTL_MS_CONFIG, Type.INT, 3600000, ConfigDef.Range.between(0, Integer.MAX_VALUE),
                    Importance.LOW, "How long a session key for internal requests is used before the leader rotates it.")
            .define(INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG, Type.STRING, "HmacSHA256",
                    CryptoValidators.keyGenerator(), Importance.LOW, "Algorithm of session keys.")
            .define(INTER_WORKER_KEY_SIZE_CONFIG, Type.INT, null, Importance.LOW,
                    "Size in bits of session keys; the algorithm's default when not set.")
            .define(INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG, Type.STRING, "HmacSHA256", CryptoValidators.mac(),
                    Importance.LOW, "Algorithm with which internal requests are signed.")
            .define(INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG, Type.LIST, "HmacSHA256", CryptoValidators.macs(),
                    Importance.LOW, "Algorithms accepted for signatures of internal requests; must include "
                            + "inter.worker.signature.algorithm.")
            .define(EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG, Type.STRING, "disabled",
                    ConfigDef.CaseInsensitiveValidString.in("disabled", "preparing", "enabled"), Importance.HIGH,
                    "Whether source tasks write their records and offsets in Kafka transactions, so that each record "
                            + "is delivered exactly once to read_committed consumers: 'enabled', or 'disabled' "
                            + "(at-least-once). 'preparing', the first step of the two-step upgrade, keeps tasks "
                            + "at-least-once but has the leader write the config topic in transactions, as 'enabled' "
                            + "does.")
            .define(CommonClientConfigs.METADATA_MAX_AGE_CONFIG, Type.LONG, 300000L, Importance.LOW,
                    CommonClientConfigs.METADATA_MAX_AGE_DOC)
            .define(CommonClientConfigs.CLIENT_ID_CONFIG, Type.STRING, "", Importance.LOW, CommonClientConfigs.CLIENT_ID_DOC)
            .define(CommonClientConfigs.SEND_BUFFER_CONFIG, Type.INT, 128 * 1024, Importance.MEDIUM,
                    CommonClientConfigs.SEND_BUFFER_DOC)
            .define(CommonClientConfigs.RECEIVE_BUFFER_CONFIG, Type.INT, 32 * 1024, Importance.MEDIUM,
                    CommonClientConfigs.RECEIVE_BUFFER_DOC)
            .define(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, Type.LONG, 50L, Importance.LOW,
                    CommonClientConfigs.RECONNECT_BACKOFF_MS_DOC)
            .define(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, Type.LONG, 1000L, Importance.LOW,
                    CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_DOC)
            .define(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MS, Importance.LOW,
                    CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_DOC)
            .define(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS, Importance.LOW,
                    CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_DOC)
            .define(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, Type.LONG, CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MS,
                    Importance.LOW, CommonClientConfigs.RETRY_BACKOFF_MS_DOC)
            .define(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, Type.LONG, CommonClientConfigs.DEFAULT_RETRY_BACKOFF_MAX_MS,
                    Importance.LOW, CommonClientConfigs.RETRY_BACKOFF_MAX_MS_DOC)
            .define(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 40000, Importance.MEDIUM,
                    CommonClientConfigs.REQUEST_TIMEOUT_MS_DOC)
            .define(CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, Type.LONG, 9 * 60 * 1000L, Importance.MEDIUM,
                    CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_DOC)
            .define(CommonClientConfigs.METADATA_RECOVERY_STRATEGY_CONFIG, Type.STRING,
                    MetadataRecoveryStrategy.REBOOTSTRAP.name, Importance.LOW, CommonClientConfigs.METADATA_RECOVERY_STRATEGY_DOC)
            .define(CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_CONFIG, Type.LONG,
                    CommonClientConfigs.DEFAULT_METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS, Importance.LOW,
                    CommonClientConfigs.METADATA_RECOVERY_REBOOTSTRAP_TRIGGER_MS_DOC)
            .withClientSslSupport()
            .withClientSaslSupport();

    public DistributedConfig(Map<String, String> props) {
        super(CONFIG, withDefaultTopics(props));
        String signature = getString(INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG);
        List<String> verification = getList(INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG);
        if (!verification.contains(signature)) {
            throw new ConfigException(INTER_WORKER_VERIFICATION_ALGORITHMS_CONFIG, verification,
                    "must include the signature algorithm '" + signature + "' (" + INTER_WORKER_SIGNATURE_ALGORITHM_CONFIG
                            + "), or this worker would refuse its own requests");
        }
        // Made once here so that a key size the algorithm refuses stops the worker at start-up, not at its first key.
        sessionKeyGenerator();
    }

    /** A generator of session keys as {@code inter.worker.key.generation.algorithm} and {@code .key.size} ask. */
    public KeyGenerator sessionKeyGenerator() {
        String algorithm = getString(INTER_WORKER_KEY_GENERATION_ALGORITHM_CONFIG);
        Integer size = getInt(INTER_WORKER_KEY_SIZE_CONFIG);
        try {
            KeyGenerator generator = KeyGenerator.getInstance(algorithm);
            if (size != null) {
                generator.init(size);
            }
            return generator;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new ConfigException(INTER_WORKER_KEY_SIZE_CONFIG, size, "not a valid key size for " + algorithm + ": " + e.getMessage());
        }
    }

    /** True when workers sign the requests they send each other (the {@code sessioned} protocol, KIP-507). */
    public boolean signsInternalRequests() {
        return getString(CONNECT_PROTOCOL_CONFIG).equalsIgnoreCase("sessioned");
    }

    public static ConfigDef configDef() {
        return CONFIG;
    }

    /** The internal topic names, derived from {@code group.id} when they are not set (and logged). */
    private static Map<String, String> withDefaultTopics(Map<String, String> props) {
        Map<String, String> result = new HashMap<>(props);
        String group = props.get(GROUP_ID_CONFIG);
        if (group == null || group.isBlank()) {
            return result;
        }
        derive(result, CONFIG_TOPIC_CONFIG, group + "-configs");
        derive(result, OFFSET_STORAGE_TOPIC_CONFIG, group + "-offsets");
        derive(result, STATUS_STORAGE_TOPIC_CONFIG, group + "-status");
        return result;
    }

    private static void derive(Map<String, String> props, String key, String name) {
        String current = props.get(key);
        if (current == null || current.isBlank()) {
            props.put(key, name);
            log.info("{} is not set; using '{}' (derived from group.id)", key, name);
        }
    }

    public String groupId() {
        return getString(GROUP_ID_CONFIG);
    }

    /** Whether source tasks write their records and offsets in transactions ({@code exactly.once.source.support}). */
    public boolean exactlyOnceSourceEnabled() {
        return "enabled".equalsIgnoreCase(getString(EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG).trim());
    }

    /**
     * Whether the leader writes the config topic through a transactional producer, which needs transactions on the
     * brokers: with {@code exactly.once.source.support} {@code preparing} or {@code enabled}.
     */
    public boolean transactionalLeaderEnabled() {
        return !"disabled".equalsIgnoreCase(getString(EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG).trim());
    }

    /** The transactional id of the leader's config topic producer, as Apache Kafka Connect names it. */
    public String transactionalProducerId() {
        return "connect-cluster-" + groupId();
    }

    /** The transactional id of an exactly-once source task, as Apache Kafka Connect names it. */
    public String transactionalId(String connector, int task) {
        return groupId() + "-" + connector + "-" + task;
    }

    /**
     * The start of the client ids of the worker's own clients, as Apache Kafka Connect names them, so their metrics
     * are found under the same names: {@code <group.id>-}, or {@code <group.id>-<client.id>-} when {@code client.id}
     * is set; a store's clients append its name ({@code offsets}, {@code statuses}, {@code configs}).
     */
    public String clientIdBase() {
        String clientId = getString(CommonClientConfigs.CLIENT_ID_CONFIG);
        return groupId() + (clientId == null || clientId.isBlank() ? "" : "-" + clientId.trim()) + "-";
    }

    public String configTopic() {
        return getString(CONFIG_TOPIC_CONFIG);
    }

    public String offsetsTopic() {
        return getString(OFFSET_STORAGE_TOPIC_CONFIG);
    }

    public String statusTopic() {
        return getString(STATUS_STORAGE_TOPIC_CONFIG);
    }

    /** Settings of the topic a store creates: the worker's {@code <prefix>.<topic config>} keys. */
    public Map<String, String> topicSettings(String prefix) {
        Map<String, String> result = new HashMap<>();
        originalStrings().forEach((k, v) -> {
            if (k.startsWith(prefix + ".") && !k.equals(prefix + ".topic") && !k.equals(prefix + ".partitions")
                    && !k.equals(prefix + ".replication.factor")) {
                result.put(k.substring(prefix.length() + 1), v);
            }
        });
        result.remove("cleanup.policy");
        return result;
    }
}
