package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.storage.ClusterConfig;
import io.ferry.runtime.worker.DataPlane;
import io.ferry.runtime.worker.StatusListener;
import io.ferry.runtime.worker.WorkerConnector;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rules that decide what runs on this worker, in both modes: given the config snapshot it last applied, the next
 * one and this worker's assignment, it starts, stops, reconfigures and restarts connectors and tasks on the data
 * plane. A standalone worker is a cluster of one: everything is assigned to it and it is its own leader.
 *
 * <p>Only the herder thread calls it, except {@link #requestReconfiguration}, which connectors call from their own
 * threads. Task configs a connector generates go to the {@link TaskConfigPublisher}; they take effect when a later
 * snapshot carries them, exactly as the config topic delivers them to every worker of a cluster.
 *
 * <p>Work that fails here is restarted automatically when its {@link AutoRestartPolicy} allows it: the
 * {@link AutoRestarts} schedule says when, {@link #restartDue} carries the restarts out through the same path as a
 * restart asked for through the REST API, and every change that makes a pending restart pointless (a config update,
 * pause, stop, delete, a restart by hand, the work moving to another worker) drops its schedule.
 */
public final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** How long the herder waits for a connector to start before it goes on without it. */
    static final long CONNECTOR_START_TIMEOUT_MS = AbstractHerder.REQUEST_TIMEOUT_MS;
    /** How long to wait before handing task configs to the leader again after that failed. */
    public static final long PUBLISH_RETRY_MS = 1_000;

    /** Where the task configs of a connector running here go: the leader writes them, directly or when asked. */
    public interface TaskConfigPublisher {
        /** Fails when the configs could not be handed on; they are offered again later. */
        void publish(String connector, List<Map<String, String>> configs);
    }

    /** The connectors and tasks this worker is to run. */
    public record Assignment(Set<String> connectors, Set<ConnectorTaskId> tasks) {

        public static final Assignment NONE = new Assignment(Set.of(), Set.of());

        public Assignment {
            connectors = Set.copyOf(connectors);
            tasks = Set.copyOf(tasks);
        }

        /** Everything configured: what a standalone worker runs. */
        public static Assignment everything(ClusterConfig config) {
            Set<ConnectorTaskId> tasks = new HashSet<>();
            config.connectors().keySet().forEach(c -> tasks.addAll(config.taskIds(c)));
            return new Assignment(config.connectors().keySet(), tasks);
        }
    }

    private final DataPlane worker;
    private final StatusRecorder statuses;
    private final WorkerConnector.Callbacks callbacks;
    private final TaskConfigPublisher publisher;
    private final Time time;
    private final AutoRestarts autoRestarts;
    private final AutoRestartPolicy autoRestartDefaults;
    private final Set<String> reconfigurations = ConcurrentHashMap.newKeySet();
    private volatile long retryAt = -1;
    /** Volatile: failures reported from task threads read the connector's auto restart settings from it. */
    private volatile ClusterConfig applied = ClusterConfig.EMPTY;

    /**
     * @param callbacks           what running connectors call back (the herder, which asks this reconciler to reconfigure)
     * @param autoRestartDefaults the worker's {@code auto.restart.*} settings, which connector configs may override
     */
    public Reconciler(DataPlane worker, StatusRecorder statuses, WorkerConnector.Callbacks callbacks,
                      TaskConfigPublisher publisher, Time time, AutoRestarts autoRestarts,
                      AutoRestartPolicy autoRestartDefaults) {
        this.worker = worker;
        this.statuses = statuses;
        this.callbacks = callbacks;
        this.publisher = publisher;
        this.time = time;
        this.autoRestarts = autoRestarts;
        this.autoRestartDefaults = autoRestartDefaults;
        statuses.showAutoRestarts(autoRestarts);
    }

    /** The automatic restarts of the work that failed on this worker. */
    public AutoRestarts autoRestarts() {
        return autoRestarts;
    }

    /** The snapshot the work on this worker follows. */
    public ClusterConfig applied() {
        return applied;
    }

    // ---- following the config ----

    /**
     * Brings the work of this worker in line with {@code next}: removed work stops, reconfigured work restarts, work
     * whose target state changed moves to it, and assigned work whose config is new starts.
     */
    public void apply(ClusterConfig next, Assignment assignment) {
        ClusterConfig previous = applied;
        applied = next;
        Set<String> republished = applyToConnectors(previous, next, assignment);
        applyToTasks(previous, next, assignment, republished);
    }

    /** Returns the connectors that handed on new task configs, whose tasks restart once those arrive. */
    private Set<String> applyToConnectors(ClusterConfig previous, ClusterConfig next, Assignment assignment) {
        Set<String> republished = new HashSet<>();
        Set<String> connectors = new TreeSet<>(worker.connectorNames());
        connectors.addAll(assignment.connectors());
        for (String connector : connectors) {
            boolean owned = worker.ownsConnector(connector);
            boolean reconfigured = !Objects.equals(previous.config(connector), next.config(connector));
            if (!next.contains(connector) || reconfigured
                    || previous.targetState(connector) != next.targetState(connector)) {
                // Deleted, changed, paused, stopped or resumed: a pending automatic restart no longer applies.
                autoRestarts.forgetConnector(connector).forEach(statuses::withoutAutoRestart);
            }
            if (!next.contains(connector)) {
                worker.stopAndAwaitConnector(connector);
            } else if (owned && (reconfigured || previous.targetState(connector) == TargetState.STOPPED
                    && next.targetState(connector) != TargetState.STOPPED)) {
                log.info("Connector {} was reconfigured or left the STOPPED state; restarting it", connector);
                worker.stopAndAwaitConnector(connector);
                if (startConnector(connector)) {
                    republished.add(connector);
                }
            } else if (owned && previous.targetState(connector) != next.targetState(connector)) {
                worker.setTargetState(connector, next.targetState(connector));
                if (next.targetState(connector) == TargetState.STARTED) {
                    // A connector paused before it produced task configs gets them once it runs again.
                    reconfigurations.add(connector);
                }
            } else if (!owned && reconfigured && assignment.connectors().contains(connector)) {
                if (startConnector(connector)) {
                    republished.add(connector);
                }
            }
        }
        return republished;
    }

    private void applyToTasks(ClusterConfig previous, ClusterConfig next, Assignment assignment, Set<String> republished) {
        // Each round only starts or stops its own task, so what ran before the loop tells whether a task runs.
        Set<ConnectorTaskId> runningBefore = worker.taskIds();
        Set<ConnectorTaskId> tasks = new TreeSet<>(runningBefore);
        tasks.addAll(assignment.tasks());
        Set<String> retargeted = new HashSet<>();
        for (ConnectorTaskId task : tasks) {
            String connector = task.connector();
            boolean running = runningBefore.contains(task);
            Map<String, String> taskConfig = next.taskConfig(task);
            boolean taskReconfigured = !Objects.equals(previous.taskConfig(task), taskConfig);
            // A connector that handed on new task configs restarts its tasks once they arrive, not twice.
            boolean connectorReconfigured = !Objects.equals(previous.config(connector), next.config(connector))
                    && !republished.contains(connector);
            if (taskConfig == null || taskReconfigured || !Objects.equals(previous.config(connector), next.config(connector))
                    || previous.targetState(connector) != next.targetState(connector)) {
                // Also here for tasks whose connector runs on another worker.
                callOff(new AutoRestarts.Component(connector, task.task()));
            }
            if (taskConfig == null) {
                if (running) {
                    worker.stopAndAwaitTasks(List.of(task));
                }
            } else if (running && (taskReconfigured || connectorReconfigured)) {
                worker.stopAndAwaitTasks(List.of(task));
                startTask(task);
            } else if (running && previous.targetState(connector) != next.targetState(connector)
                    && !worker.ownsConnector(connector) && retargeted.add(connector)) {
                worker.setTargetState(connector, next.targetState(connector));
            } else if (!running && (taskReconfigured || connectorReconfigured) && assignment.tasks().contains(task)) {
                startTask(task);
            }
        }
    }

    /**
     * Takes a new assignment: revoked work stops, the config is applied, then everything assigned that does not run
     * here yet starts.
     */
    public void assign(List<String> revokedConnectors, List<ConnectorTaskId> revokedTasks, ClusterConfig next,
                       Assignment assignment) {
        worker.stopAndAwaitTasks(revokedTasks);
        revokedConnectors.forEach(worker::stopAndAwaitConnector);
        // Work that moves to another worker is that worker's to restart.
        revokedTasks.forEach(t -> autoRestarts.forget(new AutoRestarts.Component(t.connector(), t.task())));
        revokedConnectors.forEach(c -> autoRestarts.forget(new AutoRestarts.Component(c, null)));
        apply(next, assignment);
        Set<ConnectorTaskId> running = worker.taskIds();
        for (ConnectorTaskId task : new TreeSet<>(assignment.tasks())) {
            if (!running.contains(task)) {
                startTask(task);
            }
        }
        for (String connector : new TreeSet<>(assignment.connectors())) {
            if (!worker.ownsConnector(connector)) {
                startConnector(connector);
            }
        }
    }

    /** Stops every connector and task of this worker (it left the group, or is stopping). */
    public void stopAll() {
        autoRestarts.forgetAll();
        worker.stopAndAwaitTasks(worker.taskIds());
        for (String connector : worker.connectorNames()) {
            worker.stopAndAwaitConnector(connector);
        }
    }

    // ---- restarts ----

    /**
     * Carries out a restart request (KIP-745) for what this worker is assigned. With {@code onlyFailed}, a component is
     * covered when it failed, or shows RESTARTING because the request marked it so when it was accepted.
     */
    public void restart(String connector, boolean includeTasks, boolean onlyFailed, Assignment assignment) {
        if (!applied.contains(connector)) {
            return;
        }
        List<ConnectorTaskId> tasks = new ArrayList<>();
        if (includeTasks) {
            Set<ConnectorTaskId> candidates = new TreeSet<>(worker.tasksOf(connector));
            assignment.tasks().stream().filter(t -> t.connector().equals(connector)).forEach(candidates::add);
            for (ConnectorTaskId task : candidates) {
                if (covered(statuses.store().task(task), onlyFailed)) {
                    tasks.add(task);
                }
            }
        }
        worker.stopAndAwaitTasks(tasks);
        // A restart by hand starts the automatic restarts of what it covers afresh.
        tasks.forEach(t -> autoRestarts.forget(new AutoRestarts.Component(connector, t.task())));
        Set<ConnectorTaskId> running = worker.taskIds();
        if (assignment.connectors().contains(connector)
                && covered(statuses.store().connector(connector), onlyFailed)) {
            autoRestarts.forget(new AutoRestarts.Component(connector, null));
            stopAndStartConnector(connector);
        }
        for (ConnectorTaskId task : tasks) {
            if (!running.contains(task)) {
                startTask(task);
            }
        }
    }

    private static boolean covered(ComponentStatus status, boolean onlyFailed) {
        return !onlyFailed || status != null
                && (status.state() == ComponentState.FAILED || status.state() == ComponentState.RESTARTING);
    }

    /** Restarts one task with its current config, as asked through the REST API: its automatic restarts start afresh. */
    public void restartTask(ConnectorTaskId task) {
        autoRestarts.forget(new AutoRestarts.Component(task.connector(), task.task()));
        stopAndStartTask(task);
    }

    /** The restart of one task, by hand or automatic. */
    private void stopAndStartTask(ConnectorTaskId task) {
        worker.stopAndAwaitTasks(List.of(task));
        startTask(task);
    }

    /** The restart of a connector, by hand or automatic. */
    private void stopAndStartConnector(String connector) {
        worker.stopAndAwaitConnector(connector);
        startConnector(connector);
    }

    // ---- automatic restarts ----

    /** Milliseconds until an automatic restart is due: 0 now, {@code Long.MAX_VALUE} when none is scheduled. */
    public long autoRestartDueInMs() {
        return autoRestarts.dueInMs();
    }

    /**
     * Restarts the failed work whose automatic restart is due, if it is still assigned here and meant to run, the
     * way a restart asked for through the REST API does: shown RESTARTING, stopped, started again.
     */
    public void restartDue(Assignment assignment) {
        for (AutoRestarts.Component c : autoRestarts.takeDue()) {
            String connector = c.connector();
            ConnectorTaskId task = c.task() == null ? null : new ConnectorTaskId(connector, c.task());
            boolean assigned = task == null ? assignment.connectors().contains(connector)
                    : assignment.tasks().contains(task) && applied.taskConfig(task) != null;
            if (!assigned || !applied.contains(connector) || applied.targetState(connector) != TargetState.STARTED) {
                callOff(c);
                continue;
            }
            log.info("Restarting {} automatically", c);
            if (task == null) {
                statuses.connector(connector, ComponentState.RESTARTING, null);
                stopAndStartConnector(connector);
            } else {
                statuses.task(task, ComponentState.RESTARTING, null);
                stopAndStartTask(task);
            }
        }
    }

    /** Drops a pending automatic restart that no longer applies, and says so in the work's FAILED status. */
    private void callOff(AutoRestarts.Component component) {
        if (autoRestarts.forget(component)) {
            statuses.withoutAutoRestart(component);
        }
    }

    /** The automatic restart settings of a connector: the worker's, with those its config sets in their place. */
    private AutoRestartPolicy autoRestartPolicy(String connector) {
        try {
            return autoRestartDefaults.overriddenBy(applied.config(connector));
        } catch (org.apache.kafka.common.config.ConfigException e) {
            log.warn("Connector {} has an invalid auto.restart setting ({}); using the worker's", connector, e.getMessage());
            return autoRestartDefaults;
        }
    }

    /** Passes the work's state changes on to the status records, after the automatic restarts have taken note. */
    private <T> StatusListener<T> observed(StatusListener<T> statusRecords, java.util.function.Function<T, AutoRestarts.Component> component) {
        return new StatusListener<>() {
            @Override public void onStartup(T id) { autoRestarts.running(component.apply(id)); statusRecords.onStartup(id); }
            @Override public void onPause(T id) { statusRecords.onPause(id); }
            @Override public void onResume(T id) { autoRestarts.running(component.apply(id)); statusRecords.onResume(id); }
            @Override public void onStop(T id) { statusRecords.onStop(id); }
            @Override public void onShutdown(T id) { statusRecords.onShutdown(id); }
            @Override public void onFailure(T id, Throwable cause) {
                AutoRestarts.Component c = component.apply(id);
                autoRestarts.failed(c, cause, autoRestartPolicy(c.connector()));
                statusRecords.onFailure(id, cause);
            }
        };
    }

    private StatusListener<String> connectorListener() {
        return observed(statuses.connectorListener(), c -> new AutoRestarts.Component(c, null));
    }

    private StatusListener<ConnectorTaskId> taskListener() {
        return observed(statuses.taskListener(), t -> new AutoRestarts.Component(t.connector(), t.task()));
    }

    // ---- task configs ----

    /** Asks for new task configs from a connector running here; carried out by {@link #reconfigurePending()}. */
    public void requestReconfiguration(String connector) {
        reconfigurations.add(connector);
    }

    /** Milliseconds until pending reconfigurations are due: 0 now, {@code Long.MAX_VALUE} when there are none. */
    public long reconfigurationDueInMs() {
        if (reconfigurations.isEmpty()) {
            return Long.MAX_VALUE;
        }
        return retryAt < 0 ? 0 : Math.max(0, retryAt - time.milliseconds());
    }

    /** Takes new task configs from the connectors that asked, once a failed hand-over's retry delay has passed. */
    public void reconfigurePending() {
        if (reconfigurationDueInMs() > 0) {
            return;
        }
        retryAt = -1;
        for (String connector : new ArrayList<>(reconfigurations)) {
            reconfigurations.remove(connector);
            reconfigure(connector);
        }
    }

    /**
     * Takes task configs from a connector running here and hands them on if they differ from the applied ones (or the
     * applied ones are incomplete). Returns whether it handed them on.
     */
    public boolean reconfigure(String connector) {
        if (!worker.isRunning(connector) || applied.targetState(connector) != TargetState.STARTED) {
            return false;
        }
        List<Map<String, String>> generated;
        try {
            generated = worker.connectorTaskConfigs(connector, applied.config(connector));
        } catch (ConnectException e) {
            if (worker.isRunning(connector)) {
                log.error("Connector {} failed to generate task configs", connector, e);
                autoRestarts.failed(new AutoRestarts.Component(connector, null), e, autoRestartPolicy(connector));
                statuses.connector(connector, ComponentState.FAILED, StatusRecorder.trace(e));
            } else {
                // The connector stopped or failed meanwhile; its own status already says why.
                log.debug("Connector {} is not running; no task configs taken", connector);
            }
            return false;
        }
        if (generated.equals(applied.tasks(connector)) && !applied.inconsistent().contains(connector)) {
            return false;
        }
        try {
            publisher.publish(connector, generated);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not hand on the new task configs of {} ({}); retrying", connector, e.getMessage());
            reconfigurations.add(connector);
            retryAt = time.milliseconds() + PUBLISH_RETRY_MS;
            return false;
        }
    }

    // ---- starting work ----

    /** Starts a connector of the applied config; returns whether it handed on new task configs. */
    private boolean startConnector(String connector) {
        Map<String, String> config = applied.config(connector);
        if (config == null) {
            return false;
        }
        TargetState target = applied.targetState(connector);
        try {
            worker.startConnector(connector, config, target, connectorListener(), callbacks)
                    .get(CONNECTOR_START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | ConnectException e) {
            log.error("Connector {} did not start", connector, e);
            return false;
        }
        return target == TargetState.STARTED && reconfigure(connector);
    }

    private void startTask(ConnectorTaskId task) {
        Map<String, String> taskConfig = applied.taskConfig(task);
        Map<String, String> connectorConfig = applied.config(task.connector());
        if (taskConfig == null || connectorConfig == null) {
            return;
        }
        try {
            worker.startTask(task, connectorConfig, taskConfig, applied.targetState(task.connector()),
                    taskListener());
        } catch (ConnectException e) {
            log.error("Task {} did not start", task, e);
        }
    }
}
