package io.ferry.runtime.storage.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.storage.TopicStatusListener;
import io.ferry.runtime.storage.TopicStatusWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Statuses shared through the status topic, in Apache Kafka Connect's record format: {@code status-connector-<name>},
 * {@code status-task-<name>-<n>} and {@code status-topic-<topic>:connector-<name>}. Every worker reads every record,
 * so any worker can report the state of work running anywhere. A report from an older group generation by another
 * worker never replaces a newer one.
 */
public final class KafkaStatusStore extends StatusStore implements TopicStatusWriter {

    /** Where an automatic restart of the work stands, in FAILED and RESTARTING records written by Ferry. */
    static final String AUTO_RESTART_FIELD = "auto_restart";
    private static final Logger log = LoggerFactory.getLogger(KafkaStatusStore.class);
    static final String CONNECTOR_PREFIX = "status-connector-";
    static final String TASK_PREFIX = "status-task-";
    static final String TOPIC_PREFIX = "status-topic-";

    private final KafkaLog<String, byte[]> topicLog;
    private final TopicStatusListener topics;
    /** Guarded by this store, as is the step from what it shows to what it shows next. */
    private final UnreadStatusWrites unread = new UnreadStatusWrites();

    /** @param admin lists the end of the topic; shared, not closed by this store */
    public KafkaStatusStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps,
                            Admin admin, TopicStatusListener topics) {
        this(callback -> new KafkaLog<>(topic, producerProps, consumerProps, admin, callback), topics);
    }

    /** @param logs the log of the status topic, given the callback for the records read */
    KafkaStatusStore(Function<Consumer<ConsumerRecord<String, byte[]>>, KafkaLog<String, byte[]>> logs,
                     TopicStatusListener topics) {
        this.topics = topics;
        this.topicLog = logs.apply(this::apply);
    }

    @Override
    public void start() {
        topicLog.start(Duration.ofSeconds(60));
    }

    @Override
    public void stop() {
        topicLog.stop();
    }

    public boolean readToEnd(Duration timeout) {
        return topicLog.readToEnd(timeout);
    }

    @Override
    public void putConnector(String connector, ComponentStatus status) {
        write(CONNECTOR_PREFIX + connector, status, connectorView(connector));
    }

    @Override
    public void putTask(ConnectorTaskId task, ComponentStatus status) {
        write(taskKey(task), status, taskView(task));
    }

    @Override
    public void removeTask(ConnectorTaskId task) {
        write(taskKey(task), null, taskView(task));
    }

    @Override
    public void removeConnector(String connector) {
        for (Integer task : tasksOf(connector).keySet()) {
            removeTask(new ConnectorTaskId(connector, task));
        }
        write(CONNECTOR_PREFIX + connector, null, connectorView(connector));
    }

    /** How this store shows the status under one key: a status, or none ({@code null}). */
    private record View(Supplier<ComponentStatus> shown, Consumer<ComponentStatus> show) {
    }

    private View connectorView(String connector) {
        return new View(() -> connector(connector), status -> {
            if (status == null) {
                forgetConnector(connector);
            } else {
                super.putConnector(connector, status);
            }
        });
    }

    private View taskView(ConnectorTaskId task) {
        return new View(() -> task(task), status -> {
            if (status == null) {
                super.removeTask(task);
            } else {
                super.putTask(task, status);
            }
        });
    }

    /**
     * Shows a status (a removal when {@code null}) at once and writes it to the topic; until it is read back, the
     * records read for its key do not replace it ({@link UnreadStatusWrites}).
     */
    private void write(String key, ComponentStatus status, View view) {
        byte[] value = status == null ? null : statusJson(status);
        synchronized (this) {
            unread.written(key, value, view.shown().get());
            view.show().accept(status);
        }
        try {
            topicLog.send(key, value).whenComplete((m, e) -> {
                if (e != null) {
                    log.warn("Could not write status {} of {}: {}", status == null ? "removal" : status.state(), key,
                            e.getMessage());
                    lost(key, value, view);
                }
            });
        } catch (RuntimeException e) {
            lost(key, value, view);
            throw e;
        }
    }

    private synchronized void lost(String key, byte[] value, View view) {
        UnreadStatusWrites.Show now = unread.lost(key, value);
        if (now != null) {
            view.show().accept(now.status());
        }
    }

    @Override
    public void used(String connector, String topic, int task) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("name", topic);
        inner.put("connector", connector);
        inner.put("task", task);
        inner.put("discoverTimestamp", System.currentTimeMillis());
        topicLog.send(topicKey(topic, connector), json(Map.of("topic", inner)));
    }

    @Override
    public void reset(String connector, Set<String> removed) {
        for (String topic : removed) {
            topicLog.send(topicKey(topic, connector), null);
        }
    }

    private static String taskKey(ConnectorTaskId task) {
        return TASK_PREFIX + task.connector() + "-" + task.task();
    }

    private static String topicKey(String topic, String connector) {
        return TOPIC_PREFIX + topic + ":connector-" + connector;
    }

    private static byte[] statusJson(ComponentStatus status) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("state", status.state().name());
        value.put("trace", status.trace());
        value.put("worker_id", status.workerId());
        value.put("generation", status.generation());
        value.put("version", status.version());
        if (status.autoRestart() != null) {
            // A field of Ferry's own: Apache's workers read the fields they know by name and ignore this one.
            value.put(AUTO_RESTART_FIELD, status.autoRestart());
        }
        return json(value);
    }

    private static byte[] json(Object value) {
        try {
            return JsonMapper.get().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A record read from the topic, on the log's thread. */
    void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        if (key.startsWith(CONNECTOR_PREFIX)) {
            String connector = key.substring(CONNECTOR_PREFIX.length());
            readBack(key, record.value(), connectorView(connector));
        } else if (key.startsWith(TASK_PREFIX)) {
            ConnectorTaskId id = parseTaskKey(key);
            if (id == null) {
                log.warn("Discarding status record with a malformed key: {}", key);
                return;
            }
            readBack(key, record.value(), taskView(id));
        } else if (key.startsWith(TOPIC_PREFIX)) {
            int colon = key.indexOf(":connector-");
            if (colon < 0) {
                return;
            }
            String topic = key.substring(TOPIC_PREFIX.length(), colon);
            String connector = key.substring(colon + ":connector-".length());
            topics.applyRemote(connector, topic, record.value() != null);
        } else {
            log.debug("Ignoring status record with key {}", key);
        }
    }

    /** A report from an older generation by another worker does not replace a newer one; a removal always does. */
    private synchronized void readBack(String key, byte[] value, View view) {
        ComponentStatus before = unread.topicSays(key, view.shown().get());
        ComponentStatus status = parse(value);
        ComponentStatus after = status == null || newer(before, status) ? status : before;
        UnreadStatusWrites.Show now = unread.readBack(key, value, after);
        if (now != null) {
            view.show().accept(now.status());
        }
    }

    static ConnectorTaskId parseTaskKey(String key) {
        String[] parts = key.split("-");
        if (parts.length < 4) {
            return null;
        }
        try {
            int task = Integer.parseInt(parts[parts.length - 1]);
            String connector = String.join("-", Arrays.copyOfRange(parts, 2, parts.length - 1));
            return new ConnectorTaskId(connector, task);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean newer(ComponentStatus previous, ComponentStatus next) {
        return previous == null || previous.workerId().equals(next.workerId())
                || next.generation() >= previous.generation();
    }

    private static ComponentStatus parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode node = JsonMapper.get().readTree(new String(value, StandardCharsets.UTF_8));
            ComponentState state = ComponentState.valueOf(node.path("state").asText());
            if (state == ComponentState.DESTROYED) {
                return null;
            }
            return new ComponentStatus(state, text(node, "trace"), text(node, "worker_id"),
                    node.path("generation").asInt(), text(node, "version"), autoRestart(node.get(AUTO_RESTART_FIELD)));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Discarding unreadable status record: {}", e.getMessage());
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Ferry's own field, read leniently: a status stays readable even when this part of it is not. */
    private static AutoRestartState autoRestart(JsonNode field) {
        if (field == null || !field.isObject()) {
            return null;
        }
        try {
            return JsonMapper.get().treeToValue(field, AutoRestartState.class);
        } catch (IOException | IllegalArgumentException e) {
            log.debug("Ignoring an unreadable {} in a status record: {}", AUTO_RESTART_FIELD, e.getMessage());
            return null;
        }
    }
}
