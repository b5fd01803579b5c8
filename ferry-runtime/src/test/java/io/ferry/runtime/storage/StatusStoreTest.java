package io.ferry.runtime.storage;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusStoreTest {

    private static ComponentStatus status(ComponentState state) {
        return new ComponentStatus(state, null, "worker-1", 1, "1.0");
    }

    @Test
    void aConnectorsTasksAreItsOwnInTaskOrder() {
        StatusStore store = new StatusStore();
        store.putTask(new ConnectorTaskId("a", 10), status(ComponentState.RUNNING));
        store.putTask(new ConnectorTaskId("a", 2), status(ComponentState.FAILED));
        store.putTask(new ConnectorTaskId("ab", 0), status(ComponentState.RUNNING));

        assertThat(store.tasksOf("a")).containsOnlyKeys(2, 10);
        assertThat(store.tasksOf("a").firstKey()).isEqualTo(2);
        assertThat(store.tasksOf("a").get(2).state()).isEqualTo(ComponentState.FAILED);
        assertThat(store.tasksOf("missing")).isEmpty();
        assertThat(store.task(new ConnectorTaskId("ab", 0)).state()).isEqualTo(ComponentState.RUNNING);
        assertThat(store.task(new ConnectorTaskId("ab", 1))).isNull();
        assertThat(store.tasks()).containsOnlyKeys(new ConnectorTaskId("a", 10), new ConnectorTaskId("a", 2),
                new ConnectorTaskId("ab", 0));
    }

    @Test
    void removingTasksAndConnectorsForgetsTheirStatuses() {
        StatusStore store = new StatusStore();
        store.putConnector("a", status(ComponentState.RUNNING));
        store.putTask(new ConnectorTaskId("a", 0), status(ComponentState.RUNNING));
        store.putTask(new ConnectorTaskId("a", 1), status(ComponentState.RUNNING));
        store.putTask(new ConnectorTaskId("b", 0), status(ComponentState.RUNNING));

        store.removeTask(new ConnectorTaskId("a", 1));
        assertThat(store.tasksOf("a")).containsOnlyKeys(0);
        store.removeTask(new ConnectorTaskId("a", 0));
        assertThat(store.tasksOf("a")).isEmpty();
        store.putTask(new ConnectorTaskId("a", 3), status(ComponentState.PAUSED));
        assertThat(store.tasksOf("a")).containsOnlyKeys(3);

        store.removeConnector("a");
        assertThat(store.connector("a")).isNull();
        assertThat(store.tasksOf("a")).isEmpty();
        assertThat(store.tasks()).isEqualTo(Map.of(new ConnectorTaskId("b", 0), status(ComponentState.RUNNING)));
    }
}
