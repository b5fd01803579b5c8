package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether a connector and its tasks do what they are meant to, for a monitor to poll
 * ({@code GET /connectors/{name}/health}): {@code healthy} when each is RUNNING, PAUSED or STOPPED; {@code failed} when
 * one is FAILED and no automatic restart is coming; {@code degraded} otherwise (FAILED with a restart scheduled,
 * RESTARTING, UNASSIGNED).
 */
@JsonPropertyOrder({"name", "status", "connector", "tasks"})
public record ConnectorHealth(@JsonProperty("name") String name, @JsonProperty("status") String status,
                              @JsonProperty("connector") Component connector,
                              @JsonProperty("tasks") List<Component> tasks) {

    public static final String HEALTHY = "healthy";
    public static final String DEGRADED = "degraded";
    public static final String FAILED = "failed";

    /** A connector ({@code id} null) or a task; {@code auto_restart} is shown for FAILED and RESTARTING work. */
    @JsonPropertyOrder({"id", "state", "worker_id", "auto_restart"})
    public record Component(@JsonProperty("id") @JsonInclude(JsonInclude.Include.NON_NULL) Integer id,
                            @JsonProperty("state") String state,
                            @JsonProperty("worker_id") String workerId,
                            @JsonProperty("auto_restart") @JsonInclude(JsonInclude.Include.NON_NULL)
                            AutoRestartState autoRestart) {

        static Component of(Integer id, ComponentStatus status) {
            return status == null ? new Component(id, ComponentState.UNASSIGNED.name(), null, null)
                    : new Component(id, status.state().name(), status.workerId(), status.autoRestart());
        }

        @JsonIgnore
        String health() {
            switch (ComponentState.valueOf(state)) {
                case RUNNING, PAUSED, STOPPED:
                    return HEALTHY;
                case FAILED:
                    return autoRestart != null && autoRestart.retrying() ? DEGRADED : FAILED;
                default:
                    return DEGRADED;
            }
        }
    }

    /** The health of a connector from its status records; a configured task without one counts as UNASSIGNED. */
    public static ConnectorHealth of(String name, ComponentStatus connector, int taskCount,
                                     Map<Integer, ComponentStatus> tasks) {
        Component c = Component.of(null, connector);
        List<Component> components = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            components.add(Component.of(i, tasks.get(i)));
        }
        List<String> healths = new ArrayList<>(components.stream().map(Component::health).toList());
        healths.add(c.health());
        String status = healths.contains(FAILED) ? FAILED : healths.contains(DEGRADED) ? DEGRADED : HEALTHY;
        return new ConnectorHealth(name, status, c, components);
    }

    @JsonIgnore
    public boolean healthy() {
        return HEALTHY.equals(status);
    }
}
