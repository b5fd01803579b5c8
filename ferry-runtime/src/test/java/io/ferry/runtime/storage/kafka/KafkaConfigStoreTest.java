package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config topic as Apache Kafka Connect writes it, record by record (no broker: records are handed to the store as
 * its reader would): here, the exactly-once bookkeeping of KIP-618.
 */
class KafkaConfigStoreTest {

    private final KafkaConfigStore store = new KafkaConfigStore("configs", Map.of(), Map.of());
    private long offset;

    private void record(String key, String json) {
        store.apply(new ConsumerRecord<>("configs", 0, offset++, key,
                json == null ? null : json.getBytes(StandardCharsets.UTF_8)));
    }

    private void commitTasks(String connector, int count) {
        for (int i = 0; i < count; i++) {
            record("task-" + connector + "-" + i, "{\"properties\":{\"task.class\":\"T\"}}");
        }
        record("commit-" + connector, "{\"tasks\":" + count + "}");
    }

    @Test
    void taskCountRecordsSayWhichTaskGenerationsAreFenced() {
        record("connector-source", "{\"properties\":{\"connector.class\":\"S\"}}");
        assertThat(store.taskCountRecord("source")).isNull();
        assertThat(store.pendingFencing("source")).isFalse();
        assertThat(store.taskConfigGeneration("source")).isNull();

        commitTasks("source", 2);
        assertThat(store.pendingFencing("source")).as("tasks were committed after the last task count").isTrue();
        assertThat(store.taskConfigGeneration("source")).isZero();

        record("tasks-fencing-source", "{\"task-count\":2}");
        assertThat(store.taskCountRecord("source")).isEqualTo(2);
        assertThat(store.pendingFencing("source")).isFalse();

        commitTasks("source", 3);
        assertThat(store.pendingFencing("source")).isTrue();
        assertThat(store.taskConfigGeneration("source")).isEqualTo(1);
        assertThat(store.taskCountRecord("source")).isEqualTo(2);
        assertThat(store.snapshot().tasks("source")).hasSize(3);
    }

    @Test
    void anIncompleteCommitStillCallsForFencingButIsNoNewGeneration() {
        record("connector-source", "{\"properties\":{\"connector.class\":\"S\"}}");
        record("task-source-0", "{\"properties\":{\"task.class\":\"T\"}}");
        record("commit-source", "{\"tasks\":2}");
        assertThat(store.pendingFencing("source")).isTrue();
        assertThat(store.taskConfigGeneration("source")).isNull();
        assertThat(store.snapshot().inconsistent()).contains("source");
    }

    @Test
    void unreadableTaskCountRecordsAreIgnoredAndDeletionsKeepTheCount() {
        record("connector-source", "{\"properties\":{\"connector.class\":\"S\"}}");
        commitTasks("source", 1);
        record("tasks-fencing-source", "\"three\"");
        record("tasks-fencing-source", "{\"task-count\":\"x\"}");
        assertThat(store.taskCountRecord("source")).isNull();
        assertThat(store.pendingFencing("source")).isTrue();

        record("tasks-fencing-source", "{\"task-count\":1}");
        record("connector-source", null);
        // As Apache Kafka Connect: deleting the connector writes no tombstone for its task count, and keeps it.
        assertThat(store.taskCountRecord("source")).isEqualTo(1);
        assertThat(store.snapshot().contains("source")).isFalse();
    }
}
