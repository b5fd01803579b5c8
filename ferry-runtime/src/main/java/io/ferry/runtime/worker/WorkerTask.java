package io.ferry.runtime.worker;

import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedTask;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A task's thread: starts the plugin task, runs its loop until stopped, and reports every state change.
 * A plugin's exception fails this task only; it never escapes to the worker.
 */
public abstract class WorkerTask implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerTask.class);

    protected final ConnectorTaskId id;
    /** The worker's clock: commit intervals and flush deadlines are read from it, so tests can move it by hand. */
    protected final Time time;
    /** The task's {@code connector-task-metrics}; kept after the task fails, removed when it is stopped. */
    protected final TaskMetrics metrics;
    private final IsolatedTask<?> task;
    private final String version;
    private final StatusListener<ConnectorTaskId> statusListener;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object stateLock = new Object();
    private volatile TargetState targetState;
    private volatile boolean stopping;
    private volatile boolean cancelled;
    private boolean reportedPaused;

    protected WorkerTask(ConnectorTaskId id, IsolatedTask<?> task, TargetState initialState,
                         StatusListener<ConnectorTaskId> statusListener, TaskMetrics metrics, Time time) {
        this.id = id;
        this.time = time;
        this.metrics = metrics;
        this.task = task;
        this.version = task.declaredVersion();
        this.targetState = initialState;
        this.statusListener = statusListener;
    }

    public ConnectorTaskId id() {
        return id;
    }

    /** The version the task declared when it was created here. */
    public String version() {
        return version;
    }

    public TaskMetrics metrics() {
        return metrics;
    }

    /** Removes the task's metrics; called once the task has stopped, so a FAILED task keeps them until then. */
    public void removeMetrics() {
        metrics.close();
    }

    /** Creates plugin objects and calls the task's initialize and start. */
    protected abstract void initializeAndStart();

    /** The task's loop; returns when {@link #isStopping()} becomes true. */
    protected abstract void execute();

    /** Releases everything the task holds; runs on the task thread, whether it failed or not. */
    protected abstract void close(boolean failed);

    /** Wakes the task loop when its target state changes or it must stop. */
    protected void wakeUp() {
    }

    @Override
    public final void run() {
        String threadName = Thread.currentThread().getName();
        Thread.currentThread().setName("task-thread-" + id);
        boolean failed = false;
        // The thread runs this task's code only: its loader stays current between calls too (converters and
        // transformations still enter their own loaders for their calls).
        try (var ignored = LoggingContext.forTask(id); var swap = task.enter()) {
            try {
                if (!stopping) {
                    initializeAndStart();
                    if (!stopping) {
                        if (targetState == TargetState.PAUSED) {
                            reportPaused(true);
                        } else {
                            statusListener.onStartup(id);
                        }
                        execute();
                    }
                }
            } catch (Throwable t) {
                failed = true;
                if (!cancelled) {
                    log.error("{} Task threw an uncaught and unrecoverable exception. Task is being killed and will not "
                            + "recover until manually restarted", id, t);
                    statusListener.onFailure(id, t);
                }
            } finally {
                try {
                    close(failed);
                } catch (Throwable t) {
                    log.warn("{} Error while closing the task", id, t);
                }
                if (!failed && !cancelled) {
                    statusListener.onShutdown(id);
                }
                stopped.countDown();
            }
        } finally {
            Thread.currentThread().setName(threadName);
        }
    }

    /** Asks the task to stop; returns at once. */
    public void stop() {
        synchronized (stateLock) {
            stopping = true;
            stateLock.notifyAll();
        }
        wakeUp();
    }

    /** Waits for the task thread to finish; false when the time ran out. */
    public boolean awaitStop(long timeoutMs) {
        try {
            return stopped.await(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Abandons a task that did not stop in time: whatever it does from now on is no longer reported. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public boolean isStopping() {
        return stopping;
    }

    public void transitionTo(TargetState state) {
        synchronized (stateLock) {
            targetState = state;
            stateLock.notifyAll();
        }
        wakeUp();
    }

    protected TargetState targetState() {
        return targetState;
    }

    protected boolean shouldPause() {
        return targetState == TargetState.PAUSED;
    }

    /**
     * Blocks while the task is paused; reports PAUSED once and RUNNING again on resume.
     * Returns false if the task is stopping.
     */
    protected boolean awaitUnpause() {
        reportPaused(true);
        synchronized (stateLock) {
            while (targetState == TargetState.PAUSED && !stopping) {
                try {
                    stateLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        if (stopping) {
            return false;
        }
        reportPaused(false);
        return true;
    }

    /** Reports the pause state when it changed since the last report. */
    protected void reportPaused(boolean paused) {
        if (paused == reportedPaused || cancelled) {
            return;
        }
        reportedPaused = paused;
        if (paused) {
            statusListener.onPause(id);
        } else {
            statusListener.onResume(id);
        }
    }
}
