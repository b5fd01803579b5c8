package io.ferry.runtime.worker;

import io.ferry.runtime.model.ComponentState;

import java.util.function.Consumer;

/**
 * Passes a connector's or task's state changes on, after recording them in its metrics: the state itself, and once
 * whether its start succeeded (the first RUNNING) or failed (a failure before that).
 */
final class RecordingStatusListener<T> implements StatusListener<T> {

    private final StatusListener<T> delegate;
    private final Consumer<ComponentState> state;
    private final Consumer<Boolean> startup;
    private boolean startupRecorded;

    RecordingStatusListener(StatusListener<T> delegate, Consumer<ComponentState> state, Consumer<Boolean> startup) {
        this.delegate = delegate;
        this.state = state;
        this.startup = startup;
    }

    private synchronized void startup(boolean success) {
        if (!startupRecorded) {
            startupRecorded = true;
            startup.accept(success);
        }
    }

    @Override
    public void onStartup(T id) {
        state.accept(ComponentState.RUNNING);
        startup(true);
        delegate.onStartup(id);
    }

    @Override
    public void onPause(T id) {
        state.accept(ComponentState.PAUSED);
        delegate.onPause(id);
    }

    @Override
    public void onResume(T id) {
        state.accept(ComponentState.RUNNING);
        delegate.onResume(id);
    }

    @Override
    public void onStop(T id) {
        state.accept(ComponentState.STOPPED);
        delegate.onStop(id);
    }

    @Override
    public void onFailure(T id, Throwable cause) {
        state.accept(ComponentState.FAILED);
        startup(false);
        delegate.onFailure(id, cause);
    }

    @Override
    public void onShutdown(T id) {
        state.accept(ComponentState.UNASSIGNED);
        delegate.onShutdown(id);
    }
}
