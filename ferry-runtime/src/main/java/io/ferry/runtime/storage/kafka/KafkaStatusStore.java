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

    /** @param admin lists the end of the topic; shared, not closed by this store */
    public KafkaStatusStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps,
                            Admin admin, TopicStatusListener topics) {
        this.topics = topics;
        this.topicLog = new KafkaLog<>(topic, producerProps, consumerProps, admin, this::apply);
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
        super.putConnector(connector, status);
        send(CONNECTOR_PREFIX + connector, status);
    }

    @Override
    public void putTask(ConnectorTaskId task, ComponentStatus status) {
        super.putTask(task, status);
        send(taskKey(task), status);
    }

    @Override
    public void removeTask(ConnectorTaskId task) {
        super.removeTask(task);
        topicLog.send(taskKey(task), null);
    }

    @Override
    public void removeConnector(String connector) {
        for (Integer task : tasksOf(connector).keySet()) {
            topicLog.send(taskKey(new ConnectorTaskId(connector, task)), null);
        }
        super.removeConnector(connector);
        topicLog.send(CONNECTOR_PREFIX + connector, null);
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

    private void send(String key, ComponentStatus status) {
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
        topicLog.send(key, json(value)).whenComplete((m, e) -> {
            if (e != null) {
                log.warn("Could not write status {} of {}: {}", status.state(), key, e.getMessage());
            }
        });
    }

    private static byte[] json(Object value) {
        try {
            return JsonMapper.get().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        if (key.startsWith(CONNECTOR_PREFIX)) {
            String connector = key.substring(CONNECTOR_PREFIX.length());
            ComponentStatus status = parse(record.value());
            if (status == null) {
                forgetConnector(connector);
            } else if (newer(connector(connector), status)) {
                super.putConnector(connector, status);
            }
        } else if (key.startsWith(TASK_PREFIX)) {
            ConnectorTaskId id = parseTaskKey(key);
            if (id == null) {
                log.warn("Discarding status record with a malformed key: {}", key);
                return;
            }
            ComponentStatus status = parse(record.value());
            if (status == null) {
                super.removeTask(id);
            } else if (newer(task(id), status)) {
                super.putTask(id, status);
            }
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
