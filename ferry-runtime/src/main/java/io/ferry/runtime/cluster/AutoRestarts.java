package io.ferry.runtime.cluster;

import io.ferry.runtime.model.AutoRestartState;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.worker.LoggingContext;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The schedule of automatic restarts of the connectors and tasks that failed on this worker: it counts the attempts,
 * says when the next is due and when to give up, following each connector's {@link AutoRestartPolicy}. The
 * {@link Reconciler} tells it what failed and what runs again, and carries out the restarts that are due.
 *
 * <p>The schedule lives with the worker that runs the work, which sees each failure at once. If that worker leaves,
 * the work is assigned elsewhere and started there, which is what the pending restart would have done; the count
 * then starts afresh. Failures are reported from task and connector threads, hence the locking.
 */
public final class AutoRestarts {

    private static final Logger log = LoggerFactory.getLogger(AutoRestarts.class);

    /** A connector (by name) or a task (by id), and where its automatic restarts stand. */
    public record Component(String connector, Integer task) {

        @Override
        public String toString() {
            return task == null ? "Connector " + connector : "Task " + connector + "-" + task;
        }
    }

    private static final class Entry {
        int attempts;
        int maxAttempts;
        long resetAfterMs;
        long nextAttemptMs = -1;
        long runningSinceMs = -1;
        boolean gaveUp;
        String lastError;

        AutoRestartState state() {
            return new AutoRestartState(attempts, maxAttempts, nextAttemptMs < 0 ? null : nextAttemptMs, gaveUp, lastError);
        }
    }

    private final Time time;
    private final Random random;
    private final Map<Component, Entry> entries = new HashMap<>();

    /** @param random where the jitter of each delay comes from (seeded in tests) */
    public AutoRestarts(Time time, Random random) {
        this.time = time;
        this.random = random;
    }

    /**
     * Records a failure and decides what follows: a restart after the next delay, or none (the policy is off, the
     * attempts are used up, or a restart cannot heal the failure). Returns the state to show, null when off.
     */
    public synchronized AutoRestartState failed(Component component, Throwable cause, AutoRestartPolicy policy) {
        if (!policy.enabled()) {
            entries.remove(component);
            return null;
        }
        long now = time.milliseconds();
        Entry e = entries.computeIfAbsent(component, c -> new Entry());
        if (e.runningSinceMs >= 0 && now - e.runningSinceMs >= policy.resetAfterMs()) {
            e.attempts = 0;
        }
        e.runningSinceMs = -1;
        e.maxAttempts = policy.maxAttempts();
        e.resetAfterMs = policy.resetAfterMs();
        e.lastError = firstLine(cause);
        e.nextAttemptMs = -1;
        e.gaveUp = true;
        try (var ignored = loggingContext(component)) {
            String unhealable = AutoRestartPolicy.unhealable(cause);
            if (unhealable != null) {
                log.error("{} failed and is not restarted automatically: {}. Fix the cause, then update its config or "
                        + "restart it through the REST API", component, unhealable);
            } else if (policy.maxAttempts() >= 0 && e.attempts >= policy.maxAttempts()) {
                log.error("Giving up automatic restarts of {} after {} attempt(s); it stays FAILED until it is "
                        + "restarted through the REST API or its config changes", component, e.attempts);
            } else {
                long delay = policy.delayMs(e.attempts, random);
                e.gaveUp = false;
                e.nextAttemptMs = now + delay;
                log.warn("{} failed (attempt {} of {}); restarting it automatically in {} ms", component,
                        e.attempts + 1, policy.maxAttempts() < 0 ? "unlimited" : policy.maxAttempts(), delay);
            }
        }
        return e.state();
    }

    /** The component runs (again); its count starts afresh once it has run for the policy's healthy period. */
    public synchronized void running(Component component) {
        Entry e = entries.get(component);
        if (e == null || e.runningSinceMs >= 0) {
            return;
        }
        e.runningSinceMs = time.milliseconds();
        e.nextAttemptMs = -1;
        e.gaveUp = false;
        if (e.attempts > 0) {
            try (var ignored = loggingContext(component)) {
                log.info("{} is RUNNING again after {} automatic restart(s)", component, e.attempts);
            }
        }
    }

    /**
     * The components whose restart is due now, each counted as an attempt; forgets those that have run for their
     * healthy period.
     */
    public synchronized List<Component> takeDue() {
        long now = time.milliseconds();
        entries.values().removeIf(e -> e.runningSinceMs >= 0 && now - e.runningSinceMs >= e.resetAfterMs);
        List<Component> due = new ArrayList<>();
        entries.forEach((c, e) -> {
            if (e.nextAttemptMs >= 0 && e.nextAttemptMs <= now) {
                e.nextAttemptMs = -1;
                e.attempts++;
                due.add(c);
            }
        });
        due.sort((a, b) -> a.toString().compareTo(b.toString()));
        return due;
    }

    /** Milliseconds until the next restart is due: 0 now, {@code Long.MAX_VALUE} when none is scheduled. */
    public synchronized long dueInMs() {
        long now = time.milliseconds();
        return entries.values().stream().filter(e -> e.nextAttemptMs >= 0)
                .mapToLong(e -> Math.max(0, e.nextAttemptMs - now)).min().orElse(Long.MAX_VALUE);
    }

    /** Where the component's automatic restarts stand; null when it has none. */
    public synchronized AutoRestartState state(Component component) {
        Entry e = entries.get(component);
        return e == null ? null : e.state();
    }

    /** Every component of this worker with automatic restarts, and where they stand. */
    public synchronized Map<Component, AutoRestartState> states() {
        Map<Component, AutoRestartState> result = new HashMap<>();
        entries.forEach((c, e) -> result.put(c, e.state()));
        return result;
    }

    /**
     * Drops the component's schedule: it was restarted by hand, reconfigured, paused, stopped, deleted or moved.
     * Returns whether it had one.
     */
    public synchronized boolean forget(Component component) {
        return entries.remove(component) != null;
    }

    /** Drops the schedules of a connector and of all its tasks; returns the components that had one. */
    public synchronized List<Component> forgetConnector(String connector) {
        List<Component> forgotten = new ArrayList<>();
        entries.keySet().removeIf(c -> c.connector().equals(connector) && forgotten.add(c));
        return forgotten;
    }

    public synchronized void forgetAll() {
        entries.clear();
    }

    private static LoggingContext loggingContext(Component c) {
        return c.task() == null ? LoggingContext.forConnector(c.connector())
                : LoggingContext.forTask(new ConnectorTaskId(c.connector(), c.task()));
    }

    private static String firstLine(Throwable t) {
        String s = t.toString();
        int newline = s.indexOf('\n');
        return newline < 0 ? s : s.substring(0, newline);
    }
}
