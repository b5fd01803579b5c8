package io.ferry.runtime.worker;

/**
 * Receives the state changes of a connector or task. {@code T} is the connector name or the task id.
 * Implemented by the control plane, which records them in the status store.
 */
public interface StatusListener<T> {

    void onStartup(T id);

    void onPause(T id);

    void onResume(T id);

    void onStop(T id);

    void onFailure(T id, Throwable cause);

    void onShutdown(T id);
}
