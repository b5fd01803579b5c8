package io.ferry.runtime.worker;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Assembles the settings of the Kafka clients a connector's tasks use. Precedence, lowest first: the worker's
 * connection and security settings (so {@code security.protocol}, {@code sasl.*}, {@code ssl.*} apply to every
 * client), fixed task defaults, the worker's {@code producer.}/{@code consumer.}/{@code admin.} settings, and the
 * connector's {@code *.override.*} settings allowed by the override policy.
 */
public final class ClientConfigs {

    private static final Logger log = LoggerFactory.getLogger(ClientConfigs.class);

    public static final String PRODUCER_OVERRIDE_PREFIX = "producer.override.";
    public static final String CONSUMER_OVERRIDE_PREFIX = "consumer.override.";
    public static final String ADMIN_OVERRIDE_PREFIX = "admin.override.";

    private final WorkerConfig workerConfig;

    public ClientConfigs(WorkerConfig workerConfig) {
        this.workerConfig = workerConfig;
    }

    /** Connection and security settings every client of this worker shares. */
    public Map<String, Object> common() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, workerConfig.bootstrapServers());
        workerConfig.originalStrings().forEach((k, v) -> {
            if (k.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG) || k.startsWith("sasl.")
                    || (k.startsWith("ssl.") && !k.equals("ssl.client.auth"))
                    || k.equals(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG)) {
                props.put(k, v);
            }
        });
        return props;
    }

    public Map<String, Object> producer(ConnectorTaskId id, Map<String, String> connectorConfig) {
        Map<String, Object> props = common();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        // Ordering per source partition matters for offset commits, and a task must never drop a record silently.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Long.MAX_VALUE));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "connector-producer-" + id);
        props.putAll(workerPrefixed("producer."));
        props.putAll(Transformations.withPrefix(connectorConfig, PRODUCER_OVERRIDE_PREFIX));
        return props;
    }

    /**
     * The producer of an exactly-once source task: transactional, idempotent, whatever the worker's and connector's
     * producer settings say (a setting that would break transactions is replaced, with a warning, as Apache Kafka
     * Connect does).
     */
    public Map<String, Object> transactionalProducer(ConnectorTaskId id, Map<String, String> connectorConfig,
                                                     String transactionalId) {
        Map<String, Object> props = producer(id, connectorConfig);
        Map<String, Object> configured = new HashMap<>(workerPrefixed("producer."));
        configured.putAll(Transformations.withPrefix(connectorConfig, PRODUCER_OVERRIDE_PREFIX));
        Map<String, String> required = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        required.forEach((key, value) -> {
            Object set = configured.get(key);
            if (set != null && !String.valueOf(set).trim().equalsIgnoreCase(value)) {
                log.warn("Ignoring {}={} for the producer of exactly-once source task {}: it must be {}", key, set, id,
                        value);
            }
            props.put(key, value);
        });
        for (String key : java.util.List.of(ProducerConfig.ACKS_CONFIG,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, ProducerConfig.RETRIES_CONFIG)) {
            String conflict = TransactionalProducerSettings.conflict(key, props.get(key),
                    connectorConfig.containsKey(PRODUCER_OVERRIDE_PREFIX + key) ? PRODUCER_OVERRIDE_PREFIX + key
                            : "producer." + key);
            if (conflict != null) {
                throw new ConnectException(conflict);
            }
        }
        return props;
    }

    public Map<String, Object> consumer(ConnectorTaskId id, Map<String, String> connectorConfig) {
        Map<String, Object> props = common();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, sinkGroupId(id.connector()));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "connector-consumer-" + id);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.putAll(workerPrefixed("consumer."));
        props.putAll(Transformations.withPrefix(connectorConfig, CONSUMER_OVERRIDE_PREFIX));
        return props;
    }

    public Map<String, Object> admin(String clientId, Map<String, String> connectorConfig) {
        Map<String, Object> props = common();
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(workerPrefixed("admin."));
        props.putAll(Transformations.withPrefix(connectorConfig, ADMIN_OVERRIDE_PREFIX));
        return props;
    }

    /** A DLQ producer: the task producer's settings, under its own client id. */
    public Map<String, Object> deadLetterQueueProducer(ConnectorTaskId id, Map<String, String> connectorConfig) {
        Map<String, Object> props = producer(id, connectorConfig);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "connector-dlq-producer-" + id);
        return props;
    }

    public static String sinkGroupId(String connector) {
        return "connect-" + connector;
    }

    public static String overridePrefix(ClientType type) {
        switch (type) {
            case PRODUCER: return PRODUCER_OVERRIDE_PREFIX;
            case CONSUMER: return CONSUMER_OVERRIDE_PREFIX;
            default: return ADMIN_OVERRIDE_PREFIX;
        }
    }

    private Map<String, String> workerPrefixed(String prefix) {
        return Transformations.withPrefix(workerConfig.originalStrings(), prefix);
    }
}
