package io.ferry.runtime.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.config.JsonMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON of a status, as Apache Kafka Connect writes it: {@code version} is shown unless it is "undefined". */
class ConnectorStateInfoJsonTest {

    private static JsonNode json(Object value) {
        return JsonMapper.get().valueToTree(value);
    }

    @Test
    void aKnownVersionIsShownAfterTheOtherFields() throws Exception {
        ConnectorStateInfo info = new ConnectorStateInfo("c",
                new ConnectorStateInfo.ConnectorState("RUNNING", "w:8083", null, "4.3.1"),
                List.of(new ConnectorStateInfo.TaskState(0, "RUNNING", "w:8083", null, "4.3.1-task")),
                ConnectorType.SOURCE);

        assertThat(JsonMapper.get().writeValueAsString(info)).isEqualTo("{\"name\":\"c\","
                + "\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"w:8083\",\"version\":\"4.3.1\"},"
                + "\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"w:8083\",\"version\":\"4.3.1-task\"}],"
                + "\"type\":\"source\"}");
    }

    @Test
    void anUndefinedVersionIsLeftOutAndAnUnknownOneIsNull() {
        JsonNode undefined = json(new ConnectorStateInfo.TaskState(0, "RUNNING", "w", null, "undefined"));
        JsonNode unknown = json(new ConnectorStateInfo.ConnectorState("UNASSIGNED", "w", null, null));

        assertThat(undefined.has("version")).isFalse();
        assertThat(unknown.has("version")).isTrue();
        assertThat(unknown.get("version").isNull()).isTrue();
    }
}
