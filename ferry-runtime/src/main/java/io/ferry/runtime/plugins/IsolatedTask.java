package io.ferry.runtime.plugins;

import org.apache.kafka.connect.connector.Task;

import java.util.Map;

/**
 * A source or sink task whose every call runs with its plugin's class loader current. The worker may stop a task
 * from another thread than the task's own, and commits source offsets from a third, so each call swaps on its own.
 */
public abstract sealed class IsolatedTask<T extends Task> extends Isolated<T>
        permits IsolatedSourceTask, IsolatedSinkTask {

    protected IsolatedTask(T task, ClassLoader loader) {
        super(task, loader);
    }

    public final void start(Map<String, String> props) {
        run(t -> t.start(props));
    }

    public final void stop() {
        run(Task::stop);
    }

    /**
     * What the task's {@code version()} answers, null when it fails: the version its statuses carry, as it declares
     * it (unlike {@link #version()}, a null stays null).
     */
    public final String declaredVersion() {
        try {
            return call(Task::version);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** The task's own version, or {@code undefined} when it cannot tell. */
    public final String version() {
        try {
            String version = call(Task::version);
            return version == null ? PluginDesc.UNDEFINED_VERSION : version;
        } catch (RuntimeException | LinkageError e) {
            return PluginDesc.UNDEFINED_VERSION;
        }
    }
}
