package io.ferry.runtime;

import io.ferry.runtime.cluster.ConnectorValidator;
import io.ferry.runtime.cluster.distributed.DistributedHerder;
import io.ferry.runtime.config.ConfigProviders;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.logging.WorkerIdContextData;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.rest.RestServer;
import io.ferry.runtime.storage.kafka.InternalTopics;
import io.ferry.runtime.storage.kafka.KafkaConfigStore;
import io.ferry.runtime.storage.kafka.KafkaOffsetBackingStore;
import io.ferry.runtime.storage.kafka.KafkaStatusStore;
import io.ferry.runtime.storage.kafka.TransactionSupportCheck;
import io.ferry.runtime.worker.ClientConfigs;
import io.ferry.runtime.worker.Worker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A distributed worker process: plugins, the REST API, the worker, its Kafka-backed stores and the herder that takes
 * part in the cluster named by {@code group.id}.
 */
public final class DistributedRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DistributedRuntime.class);

    private final RuntimeParts parts;
    private final RestServer rest;
    private final DistributedHerder herder;
    private final KafkaStatusStore statuses;
    private final Admin sharedAdmin;

    private DistributedRuntime(RuntimeParts parts, DistributedHerder herder, KafkaStatusStore statuses, Admin sharedAdmin) {
        this.parts = parts;
        this.rest = parts.rest();
        this.herder = herder;
        this.statuses = statuses;
        this.sharedAdmin = sharedAdmin;
    }

    public static DistributedRuntime start(Map<String, String> workerProps) {
        long begin = System.nanoTime();
        DistributedConfig config = new DistributedConfig(workerProps);
        RuntimeParts parts = RuntimeParts.start(config, log, "distributed worker");
        Plugins plugins = parts.plugins();
        RestServer rest = parts.rest();
        Admin sharedAdmin = null;
        try {
            String clusterId = parts.kafkaClusterId();
            String workerId = rest.workerId();
            WorkerIdContextData.set(workerId);
            ClientConfigs clients = new ClientConfigs(config);
            // Client ids as Apache Kafka Connect's (<group.id>-offsets, ...), so their metrics keep their names.
            String base = config.clientIdBase();
            sharedAdmin = Admin.create(clients.admin(base + "shared-admin", Map.of()));
            Admin admin = sharedAdmin;
            if (config.transactionalLeaderEnabled()) {
                new TransactionSupportCheck(admin, Duration.ofSeconds(30)).check(
                        config.getString(DistributedConfig.EXACTLY_ONCE_SOURCE_SUPPORT_CONFIG).trim().toLowerCase(Locale.ROOT));
            }
            prepareTopics(config, admin);
            KafkaOffsetBackingStore offsets = new KafkaOffsetBackingStore(config.offsetsTopic(),
                    producer(clients, base + "offsets", ByteArraySerializer.class),
                    consumer(clients, config, base + "offsets", ByteArrayDeserializer.class, true), admin);
            ConfigProviders providers = ConfigProviders.fromWorkerConfig(config.originalStrings(), plugins);
            Worker worker = new Worker(workerId, config, plugins, offsets, providers);
            worker.useConnectorOffsetTopics(config.offsetsTopic(),
                    topic -> connectorOffsetsTopic(config, clients, admin, topic));
            KafkaStatusStore statuses = new KafkaStatusStore(config.statusTopic(),
                    producer(clients, base + "statuses", StringSerializer.class),
                    consumer(clients, config, base + "statuses", StringDeserializer.class, false), admin,
                    worker.topicTracker());
            KafkaConfigStore configs = new KafkaConfigStore(config.configTopic(),
                    producer(clients, base + "configs", StringSerializer.class),
                    consumer(clients, config, base + "configs", StringDeserializer.class, true), admin,
                    config.transactionalLeaderEnabled() ? leaderProducer(clients, config) : null);
            statuses.start();
            worker.topicTracker().setListener(statuses);
            ConnectorValidator validator = new ConnectorValidator(plugins, providers, config, worker.overridePolicy());
            DistributedHerder herder = new DistributedHerder(worker, validator, plugins, config, configs, statuses,
                    clusterId, rest.advertisedUrl().toString(), rest.clusterClient());
            herder.start();
            rest.initializeResources(herder, plugins);
            log.info("Ferry distributed worker {} of group {} started in {} ms; REST API at {}; topics {}, {}, {}",
                    workerId, config.groupId(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin),
                    rest.advertisedUrl(), config.configTopic(), config.offsetsTopic(), config.statusTopic());
            return new DistributedRuntime(parts, herder, statuses, sharedAdmin);
        } catch (RuntimeException e) {
            Utils.closeQuietly(sharedAdmin, "shared admin client");
            parts.abort();
            throw e;
        }
    }

    private static void prepareTopics(DistributedConfig config, Admin admin) {
        InternalTopics topics = new InternalTopics(admin);
        topics.ensure(config.configTopic(), "config storage", 1,
                config.getShort(DistributedConfig.CONFIG_STORAGE_REPLICATION_FACTOR_CONFIG),
                config.topicSettings("config.storage"));
        topics.ensure(config.offsetsTopic(), "offset storage",
                config.getInt(DistributedConfig.OFFSET_STORAGE_PARTITIONS_CONFIG),
                config.getShort(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG),
                config.topicSettings("offset.storage"));
        topics.ensure(config.statusTopic(), "status storage",
                config.getInt(DistributedConfig.STATUS_STORAGE_PARTITIONS_CONFIG),
                config.getShort(DistributedConfig.STATUS_STORAGE_REPLICATION_FACTOR_CONFIG),
                config.topicSettings("status.storage"));
    }

    /** A source connector's own offsets topic, created like the worker's offsets topic when missing. */
    private static KafkaOffsetBackingStore connectorOffsetsTopic(DistributedConfig config, ClientConfigs clients,
                                                                 Admin admin, String topic) {
        new InternalTopics(admin).ensure(topic, "connector offsets",
                config.getInt(DistributedConfig.OFFSET_STORAGE_PARTITIONS_CONFIG),
                config.getShort(DistributedConfig.OFFSET_STORAGE_REPLICATION_FACTOR_CONFIG),
                config.topicSettings("offset.storage"));
        KafkaOffsetBackingStore store = new KafkaOffsetBackingStore(topic,
                producer(clients, config.clientIdBase() + "offsets-" + topic, ByteArraySerializer.class),
                consumer(clients, config, config.clientIdBase() + "offsets-" + topic, ByteArrayDeserializer.class, true),
                admin);
        store.start();
        return store;
    }

    private static Map<String, Object> producer(ClientConfigs clients, String clientId, Class<?> keySerializer) {
        Map<String, Object> props = new HashMap<>(clients.common());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        // One request in flight keeps a connector's task records ahead of their commit record.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Integer.MAX_VALUE));
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /**
     * The transactional producer the leader writes the config topic with when {@code exactly.once.source.support} is
     * {@code preparing} or {@code enabled}, with Apache Kafka Connect's transactional id
     * ({@code connect-cluster-<group.id>}) and client id ({@code <group.id>[-<client.id>]-configs-leader}).
     */
    private static Map<String, Object> leaderProducer(ClientConfigs clients, DistributedConfig config) {
        Map<String, Object> props = producer(clients, config.clientIdBase() + "configs-leader", StringSerializer.class);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // An idempotent producer keeps the order of up to five requests in flight.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalProducerId());
        return props;
    }

    /**
     * A reader of an internal topic. It reads by assignment and never commits; its {@code group.id} is the worker's,
     * as in Apache Kafka Connect, whose readers get the group from the worker's settings (and with it the consumer's
     * coordinator metrics). With exactly-once source support, the readers of topics written in transactions (configs
     * and offsets, not statuses) read {@code read_committed}.
     */
    private static Map<String, Object> consumer(ClientConfigs clients, DistributedConfig config, String clientId,
                                                Class<?> keyDeserializer, boolean transactional) {
        Map<String, Object> props = new HashMap<>(clients.common());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        if (transactional && config.exactlyOnceSourceEnabled()) {
            // Offsets (and configs) written in transactions count once their transaction committed.
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return props;
    }

    public DistributedHerder herder() {
        return herder;
    }

    public URI restUrl() {
        return rest.advertisedUrl();
    }

    public void awaitStop() throws InterruptedException {
        parts.awaitStop();
    }

    @Override
    public void close() {
        parts.close(() -> {
            herder.stop();
            statuses.stop();
            Utils.closeQuietly(sharedAdmin, "shared admin client");
        });
    }
}
