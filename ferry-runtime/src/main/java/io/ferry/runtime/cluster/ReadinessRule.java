package io.ferry.runtime.cluster;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.model.ConnectorTaskId;

import java.util.List;
import java.util.stream.Collectors;

/**
 * When a worker is ready ({@code GET /health/ready}): once it has completed start-up, and, with
 * {@code health.ready.fail.on.failed.tasks}, while fewer than {@code health.ready.failed.tasks.threshold} of the tasks
 * it runs itself are FAILED. Only this worker's tasks count: readiness decides whether this worker gets traffic or
 * stays in rotation, and counting the whole cluster's would take every worker out at once for one failed task,
 * leaving no REST API through which to restart it.
 */
public final class ReadinessRule {

    /** The outcome, with the message {@code /health/ready} answers. */
    public record Result(boolean ready, String message) {
    }

    /** At most this many failed tasks are named in the message. */
    private static final int NAMED = 10;

    private final boolean failOnFailedTasks;
    private final int threshold;

    public ReadinessRule(boolean failOnFailedTasks, int threshold) {
        this.failOnFailedTasks = failOnFailedTasks;
        this.threshold = threshold;
    }

    public static ReadinessRule of(WorkerConfig config) {
        return new ReadinessRule(config.getBoolean(WorkerConfig.HEALTH_READY_FAIL_ON_FAILED_TASKS_CONFIG),
                config.getInt(WorkerConfig.HEALTH_READY_FAILED_TASKS_THRESHOLD_CONFIG));
    }

    /**
     * @param startupComplete whether the worker has completed start-up ({@link Herder#startupComplete()})
     * @param failedTasks     the FAILED tasks this worker runs ({@link Herder#failedTasks()})
     */
    public Result evaluate(boolean startupComplete, List<ConnectorTaskId> failedTasks) {
        if (!startupComplete) {
            return new Result(false, "Worker is still starting up.");
        }
        if (failOnFailedTasks && failedTasks.size() >= threshold) {
            String names = failedTasks.stream().sorted().limit(NAMED).map(ConnectorTaskId::toString)
                    .collect(Collectors.joining(", "));
            String more = failedTasks.size() > NAMED ? ", ..." : "";
            return new Result(false, failedTasks.size() + (failedTasks.size() == 1 ? " task is" : " tasks are")
                    + " FAILED: " + names + more);
        }
        return new Result(true, "Worker has completed startup and is ready to handle requests.");
    }
}
