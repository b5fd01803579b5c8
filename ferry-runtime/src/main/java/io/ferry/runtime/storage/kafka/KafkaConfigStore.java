package io.ferry.runtime.storage.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.SessionKey;
import org.apache.kafka.clients.admin.Admin;
import io.ferry.runtime.storage.kafka.TransactionalConfigWriter.KeyValue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.spec.SecretKeySpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Connector configs, target states, task configs, restart requests, cluster-wide log levels, the session key and the
 * task counts of exactly-once source connectors in the config topic, with Apache Kafka Connect's keys and JSON values
 * ({@code connector-*}, {@code target-state-*}, {@code task-*}, {@code commit-*}, {@code restart-connector-*},
 * {@code logger-cluster-*}, {@code session-key}, {@code tasks-fencing-*}). Task configs only take effect when their
 * {@code commit-} record arrives, so a reader never sees half of a connector's tasks.
 */
public final class KafkaConfigStore implements ClusterConfigStore {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfigStore.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaLog<String, byte[]> topicLog;
    /** The leader's transactional writes (exactly-once source support); null when the leader writes plainly. */
    private final TransactionalConfigWriter leaderWriter;
    private volatile Listener listener;
    private final Object lock = new Object();
    private final Map<String, Map<String, String>> connectors = new HashMap<>();
    private final Map<String, TargetState> targetStates = new HashMap<>();
    private final Map<String, List<Map<String, String>>> tasks = new HashMap<>();
    private final Map<String, Map<Integer, Map<String, String>>> deferred = new HashMap<>();
    private final Set<String> inconsistent = new HashSet<>();
    /** Exactly-once bookkeeping (KIP-618): the task producers that must be fenced before new tasks may start. */
    private final Map<String, Integer> taskCountRecords = new HashMap<>();
    /** Connectors whose task configs changed after their last task-count record: their old tasks need fencing. */
    private final Set<String> pendingFencing = new HashSet<>();
    /** How many complete sets of task configs this worker has read per connector, from 0 (not kept in the topic). */
    private final Map<String, Integer> taskConfigGenerations = new HashMap<>();
    private long offset = -1;
    /** Set once the topic has been read to its end at start-up: older log levels belong to earlier workers' lives. */
    private volatile boolean started;
    private volatile SessionKey sessionKey;
    /** The current snapshot, or null when a record changed the state since it was taken. */
    private ClusterConfig snapshot;

    public KafkaConfigStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps) {
        this(topic, producerProps, consumerProps, null, null);
    }

    /**
     * @param admin               lists the end of the topic when the consumer reads {@code read_committed}; see
     *                            {@link KafkaLog}
     * @param leaderProducerProps the settings of the transactional producer the leader writes with, with
     *                            {@code exactly.once.source.support} {@code preparing} or {@code enabled}; null when
     *                            the leader writes as every worker does
     */
    public KafkaConfigStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps,
                            Admin admin, Map<String, Object> leaderProducerProps) {
        this.topicLog = new KafkaLog<>(topic, producerProps, consumerProps, admin, this::apply);
        this.leaderWriter = leaderProducerProps == null ? null
                : new TransactionalConfigWriter(topic, () -> new KafkaProducer<>(leaderProducerProps));
    }

    /**
     * Reading the log {@code logs} makes for this store's records, the leader writing through the producers
     * {@code leaderProducers} gives (null: not transactionally); with fake clients, in unit tests.
     */
    KafkaConfigStore(Function<java.util.function.Consumer<ConsumerRecord<String, byte[]>>, KafkaLog<String, byte[]>> logs,
                     Supplier<Producer<String, byte[]>> leaderProducers) {
        this.topicLog = logs.apply(this::apply);
        this.leaderWriter = leaderProducers == null ? null : new TransactionalConfigWriter(topicLog.topic(), leaderProducers);
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void start() {
        try {
            topicLog.start(Duration.ofSeconds(60));
        } catch (UnsupportedVersionException e) {
            // Only a read_committed log (exactly-once source support) needs the admin client's ListOffsets.
            throw new ConnectException("Enabling exactly-once support for source connectors requires a Kafka broker "
                    + "version that allows admin clients to read consumer offsets. Please either disable the worker's "
                    + "exactly-once support for source connectors, or use a newer Kafka broker version.", e);
        }
        started = true;
    }

    @Override
    public void stop() {
        releaseWritePrivileges();
        topicLog.stop();
    }

    /**
     * With a transactional leader, claims the right to make the leader's writes, fencing any earlier leader's producer;
     * nothing when already claimed, or when the leader writes plainly.
     *
     * @throws ConnectException when the producer could not be created or initialized
     */
    @Override
    public void claimWritePrivileges() {
        if (leaderWriter != null) {
            leaderWriter.claim();
        }
    }

    @Override
    public void releaseWritePrivileges() {
        if (leaderWriter != null) {
            leaderWriter.release();
        }
    }

    @Override
    public boolean readToEnd(Duration timeout) {
        return topicLog.readToEnd(timeout);
    }

    /**
     * The config as read so far. REST reads and status checks ask for it often; it is copied only when a record
     * changed it since the last call.
     */
    @Override
    public ClusterConfig snapshot() {
        synchronized (lock) {
            if (snapshot == null) {
                Map<String, List<Map<String, String>>> taskCopy = new HashMap<>();
                tasks.forEach((c, list) -> taskCopy.put(c, List.copyOf(list)));
                snapshot = new ClusterConfig(offset, java.util.Collections.unmodifiableSortedMap(new TreeMap<>(connectors)),
                        Map.copyOf(targetStates), Map.copyOf(taskCopy), Set.copyOf(inconsistent));
            }
            return snapshot;
        }
    }

    // ---- writes ----

    // The leader's writes go through writePrivileged (one transaction each, with a transactional leader); target
    // states and log levels, which any worker may write, through the log's own producer.

    @Override
    public void putConnectorConfig(String connector, Map<String, String> config, TargetState initialState) {
        List<KeyValue> records = new ArrayList<>();
        if (initialState != null) {
            records.add(new KeyValue(TARGET_STATE + connector, targetStateValue(initialState)));
        }
        records.add(new KeyValue(CONNECTOR + connector, json(Map.of("properties", config))));
        writePrivileged(records);
    }

    @Override
    public void removeConnectorConfig(String connector) {
        writePrivileged(List.of(new KeyValue(CONNECTOR + connector, null), new KeyValue(TARGET_STATE + connector, null)));
    }

    @Override
    public void putTargetState(String connector, TargetState state) {
        await(topicLog.send(TARGET_STATE + connector, targetStateValue(state)));
    }

    /** Writes every task config, then (separately, as Apache Kafka Connect does) the commit that makes them take effect. */
    @Override
    public void putTaskConfigs(String connector, List<Map<String, String>> configs) {
        List<KeyValue> records = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            records.add(new KeyValue(TASK + connector + "-" + i, json(Map.of("properties", configs.get(i)))));
        }
        if (!records.isEmpty()) {
            writePrivileged(records);
        }
        writePrivileged(List.of(new KeyValue(COMMIT + connector, json(Map.of("tasks", configs.size())))));
    }

    @Override
    public void putRestartRequest(String connector, boolean includeTasks, boolean onlyFailed) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("include-tasks", includeTasks);
        value.put("only-failed", onlyFailed);
        writePrivileged(List.of(new KeyValue(RESTART + connector, json(value))));
    }

    /** The latest session key read from the topic, or null when there is none yet. */
    @Override
    public SessionKey sessionKey() {
        return sessionKey;
    }

    @Override
    public void putSessionKey(SessionKey key) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("key", Base64.getEncoder().encodeToString(key.key().getEncoded()));
        value.put("algorithm", key.key().getAlgorithm());
        value.put("creation-timestamp", key.creationTimestamp());
        writePrivileged(List.of(new KeyValue(SESSION_KEY, json(value))));
    }

    @Override
    public void putLoggerLevel(String namespace, String level) {
        await(topicLog.send(LOGGER + namespace, json(Map.of("level", level))));
    }

    private static byte[] targetStateValue(TargetState state) {
        Map<String, Object> value = new LinkedHashMap<>();
        // Readers older than KIP-875 know only STARTED and PAUSED; to them a stopped connector is paused.
        value.put("state", state == TargetState.STOPPED ? TargetState.PAUSED.name() : state.name());
        value.put("state.v2", state.name());
        return json(value);
    }

    /**
     * One of the leader's writes: in one transaction with a transactional leader (which must have claimed its write
     * privileges), else through the log's producer; returns once the records have been read back.
     */
    private void writePrivileged(List<KeyValue> records) {
        if (leaderWriter == null) {
            List<CompletableFuture<?>> sends = new ArrayList<>();
            records.forEach(r -> sends.add(topicLog.send(r.key(), r.value())));
            await(CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)));
        } else {
            leaderWriter.write(records);
            readBack();
        }
    }

    private void await(CompletableFuture<?> write) {
        try {
            write.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectException("Could not write to the config topic " + topicLog.topic() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out writing to the config topic " + topicLog.topic());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to the config topic");
        }
        readBack();
    }

    private void readBack() {
        if (!topicLog.readToEnd(WRITE_TIMEOUT)) {
            throw new ConnectException("Timed out reading back the config topic " + topicLog.topic());
        }
    }

    /**
     * Records that the task producers of {@code connector}'s earlier generations are fenced and that the next fencing
     * must cover {@code taskCount} tasks ({@code tasks-fencing-<connector>}, {@code {"task-count":N}}).
     */
    @Override
    public void putTaskCountRecord(String connector, int taskCount) {
        writePrivileged(List.of(new KeyValue(TASK_COUNT + connector, json(Map.of("task-count", taskCount)))));
    }

    /** The task count of the connector's last task-count record, or null when it has none. */
    @Override
    public Integer taskCountRecord(String connector) {
        synchronized (lock) {
            return taskCountRecords.get(connector);
        }
    }

    /** Whether task configs of the connector were committed after its last task-count record. */
    @Override
    public boolean pendingFencing(String connector) {
        synchronized (lock) {
            return pendingFencing.contains(connector);
        }
    }

    /** How many complete sets of task configs of the connector this worker has read, from 0; null for none. */
    @Override
    public Integer taskConfigGeneration(String connector) {
        synchronized (lock) {
            return taskConfigGenerations.get(connector);
        }
    }

    // ---- reads ----

    static final String TARGET_STATE = "target-state-";
    static final String CONNECTOR = "connector-";
    static final String TASK = "task-";
    static final String COMMIT = "commit-";
    static final String RESTART = "restart-connector-";
    static final String LOGGER = "logger-cluster-";
    static final String SESSION_KEY = "session-key";
    static final String TASK_COUNT = "tasks-fencing-";

    /** Reads one record of the topic; called by the topic's reader (and directly by tests). */
    void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        JsonNode value = parse(record.value());
        Runnable notification = null;
        synchronized (lock) {
            offset = record.offset() + 1;
            snapshot = null;
            if (key == null) {
                return;
            }
            if (key.startsWith(TARGET_STATE)) {
                String connector = key.substring(TARGET_STATE.length());
                if (value == null) {
                    targetStates.remove(connector);
                } else {
                    JsonNode state = value.has("state.v2") && !value.get("state.v2").isNull() ? value.get("state.v2") : value.get("state");
                    try {
                        targetStates.put(connector, TargetState.valueOf(state.asText()));
                    } catch (RuntimeException e) {
                        log.warn("Ignoring target state record of {} with an unknown state: {}", connector, value);
                        return;
                    }
                }
                notification = () -> listener.onTargetState(connector);
            } else if (key.startsWith(CONNECTOR)) {
                String connector = key.substring(CONNECTOR.length());
                if (value == null) {
                    connectors.remove(connector);
                    targetStates.remove(connector);
                    tasks.remove(connector);
                    inconsistent.remove(connector);
                } else {
                    connectors.put(connector, properties(value));
                }
                boolean removed = value == null;
                notification = () -> listener.onConnectorConfig(connector, removed);
            } else if (key.startsWith(TASK)) {
                ConnectorTaskId id = parseTaskKey(key.substring(TASK.length()));
                if (id == null || value == null) {
                    return;
                }
                deferred.computeIfAbsent(id.connector(), c -> new HashMap<>()).put(id.task(), properties(value));
            } else if (key.startsWith(COMMIT)) {
                String connector = key.substring(COMMIT.length());
                if (value == null) {
                    return;
                }
                // Any commit, complete or not, means tasks may have run that a new generation must fence first.
                pendingFencing.add(connector);
                int count = value.path("tasks").asInt();
                Map<Integer, Map<String, String>> pending = deferred.getOrDefault(connector, Map.of());
                List<Map<String, String>> committed = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    Map<String, String> config = pending.get(i);
                    if (config == null) {
                        break;
                    }
                    committed.add(config);
                }
                if (committed.size() < count) {
                    log.warn("Task configs of connector {} are incomplete ({} of {}); the leader will regenerate them",
                            connector, committed.size(), count);
                    inconsistent.add(connector);
                } else if (connectors.containsKey(connector)) {
                    tasks.put(connector, committed);
                    inconsistent.remove(connector);
                    deferred.remove(connector);
                    taskConfigGenerations.merge(connector, 0, (generation, zero) -> generation + 1);
                } else {
                    tasks.remove(connector);
                    deferred.remove(connector);
                }
                notification = () -> listener.onTaskConfigs(connector);
            } else if (key.startsWith(RESTART)) {
                String connector = key.substring(RESTART.length());
                if (value == null) {
                    return;
                }
                boolean includeTasks = value.path("include-tasks").asBoolean(false);
                boolean onlyFailed = value.path("only-failed").asBoolean(false);
                notification = () -> listener.onRestartRequest(connector, includeTasks, onlyFailed);
            } else if (key.startsWith(TASK_COUNT)) {
                String connector = key.substring(TASK_COUNT.length());
                if (value == null || !value.isObject() || !value.path("task-count").canConvertToInt()) {
                    log.error("Ignoring a task count record of connector {} that cannot be read: {}", connector, value);
                    return;
                }
                taskCountRecords.put(connector, value.path("task-count").asInt());
                pendingFencing.remove(connector);
            } else if (key.equals(SESSION_KEY)) {
                if (value != null) {
                    readSessionKey(value);
                }
            } else if (key.startsWith(LOGGER)) {
                String namespace = key.substring(LOGGER.length());
                String level = value == null ? null : value.path("level").asText(null);
                if (level == null || !started) {
                    log.debug("Ignoring log level record {} (read at start-up or without a level)", key);
                    return;
                }
                notification = () -> listener.onLoggerLevel(namespace, level);
            } else {
                log.debug("Ignoring config record {}", key);
            }
        }
        if (notification != null && listener != null) {
            notification.run();
        }
    }

    private void readSessionKey(JsonNode value) {
        try {
            byte[] key = Base64.getDecoder().decode(value.path("key").asText());
            String algorithm = value.path("algorithm").asText();
            if (key.length == 0 || algorithm.isEmpty() || !value.path("creation-timestamp").canConvertToLong()) {
                throw new IllegalArgumentException("key, algorithm and creation-timestamp are required");
            }
            sessionKey = new SessionKey(new SecretKeySpec(key, algorithm), value.path("creation-timestamp").asLong());
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a session key record that cannot be read: {}", e.getMessage());
        }
    }

    private static ConnectorTaskId parseTaskKey(String rest) {
        int dash = rest.lastIndexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            return new ConnectorTaskId(rest.substring(0, dash), Integer.parseInt(rest.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> properties(JsonNode value) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            result.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return result;
    }

    private static JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return JsonMapper.get().readTree(value);
        } catch (IOException e) {
            log.warn("Ignoring unreadable config record: {}", e.getMessage());
            return null;
        }
    }

    private static byte[] json(Object value) {
        try {
            return JsonMapper.get().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
