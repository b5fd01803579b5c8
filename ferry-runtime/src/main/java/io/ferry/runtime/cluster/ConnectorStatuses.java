package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorHealth;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.storage.ClusterConfigStore;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.DataPlane;
import org.apache.kafka.connect.errors.NotFoundException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The statuses of connectors and tasks in the status store, as the herder records, shows and marks them. It shows them
 * checked against the config store's snapshot, as a status outlives the connector or task it was written for. Besides
 * what connectors and tasks report, it writes what the herder knows first: RESTARTING when a restart is asked for, and
 * no status for tasks a reconfiguration removed.
 */
final class ConnectorStatuses {

    private final DataPlane worker;
    private final ClusterConfigStore configStore;
    private final StatusStore statusStore;

    ConnectorStatuses(DataPlane worker, ClusterConfigStore configStore, StatusStore statusStore) {
        this.worker = worker;
        this.configStore = configStore;
        this.statusStore = statusStore;
    }

    /**
     * Records the statuses connectors and tasks running here report, with their versions and without the secrets
     * resolved for them; a status of a connector or task no longer configured is not recorded.
     */
    StatusRecorder recorder(IntSupplier generation) {
        StatusRecorder recorder = new StatusRecorder(statusStore, worker.workerId(),
                c -> configStore.snapshot().contains(c), id -> configStore.snapshot().taskConfig(id) != null, generation,
                new StatusRecorder.Versions(worker::connectorVersion, worker::taskVersion));
        recorder.redactTracesWith(worker::redactSecrets);
        return recorder;
    }

    ConnectorStateInfo connector(String name) {
        Map<String, String> config = configStore.snapshot().config(name);
        ComponentStatus connector = statusStore.connector(name);
        if (config == null || connector == null) {
            throw new NotFoundException("No status found for connector " + name);
        }
        int taskCount = configStore.snapshot().tasks(name).size();
        List<ConnectorStateInfo.TaskState> tasks = new ArrayList<>();
        statusStore.tasksOf(name).forEach((id, s) -> {
            if (id < taskCount) {
                tasks.add(new ConnectorStateInfo.TaskState(id, s.state().name(), s.workerId(), s.trace(), s.version()));
            }
        });
        return new ConnectorStateInfo(name, new ConnectorStateInfo.ConnectorState(connector.state().name(),
                connector.workerId(), connector.trace(), connector.version()), tasks, worker.connectorType(config));
    }

    /** The health of a connector the caller knows exists. */
    ConnectorHealth health(String name) {
        return ConnectorHealth.of(name, statusStore.connector(name), configStore.snapshot().tasks(name).size(),
                statusStore.tasksOf(name));
    }

    /** Only tasks still configured count: a status outlives a task that a reconfiguration removed. */
    List<ConnectorTaskId> failedHere() {
        List<ConnectorTaskId> failed = new ArrayList<>();
        statusStore.tasks().forEach((id, status) -> {
            if (status.state() == ComponentState.FAILED && worker.workerId().equals(status.workerId()) && taskExists(id)) {
                failed.add(id);
            }
        });
        failed.sort(null);
        return failed;
    }

    ConnectorStateInfo.TaskState task(ConnectorTaskId id) {
        ComponentStatus status = taskExists(id) ? statusStore.task(id) : null;
        if (status == null) {
            throw new NotFoundException("No status found for task " + id);
        }
        return new ConnectorStateInfo.TaskState(id.task(), status.state().name(), status.workerId(), status.trace(),
                status.version());
    }

    private boolean taskExists(ConnectorTaskId id) {
        return id.task() >= 0 && id.task() < configStore.snapshot().tasks(id.connector()).size();
    }

    /**
     * Shows what a restart request covers as RESTARTING, under its current worker, before the restart is carried out:
     * a client that waits for RUNNING after asking for a restart then waits for the restarted instance. Answers what
     * the restart covers.
     */
    ConnectorStateInfo markRestarting(String name, boolean includeTasks, boolean onlyFailed, int generation) {
        ConnectorStateInfo plan = ConnectorRequests.restartPlan(connector(name), includeTasks, onlyFailed);
        String restarting = ComponentState.RESTARTING.name();
        if (restarting.equals(plan.connector().state())) {
            statusStore.putConnector(plan.name(), new ComponentStatus(ComponentState.RESTARTING, null,
                    plan.connector().workerId(), generation, worker.connectorVersion(plan.name())));
        }
        for (ConnectorStateInfo.TaskState task : plan.tasks()) {
            if (restarting.equals(task.state())) {
                ConnectorTaskId id = new ConnectorTaskId(plan.name(), task.id());
                statusStore.putTask(id, new ComponentStatus(ComponentState.RESTARTING, null, task.workerId(), generation,
                        worker.taskVersion(id)));
            }
        }
        return plan;
    }

    /** Task configs were written for {@code taskCount} tasks: the statuses of tasks beyond go with the old configs. */
    void removeTasksFrom(String connector, int taskCount) {
        for (Integer task : statusStore.tasksOf(connector).keySet()) {
            if (task >= taskCount) {
                statusStore.removeTask(new ConnectorTaskId(connector, task));
            }
        }
    }
}
