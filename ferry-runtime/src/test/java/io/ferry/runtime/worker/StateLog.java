package io.ferry.runtime.worker;

import io.ferry.runtime.model.ConnectorTaskId;

import java.util.AbstractList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A task status listener for tests: the states reported, in order, by their REST names. */
final class StateLog extends AbstractList<String> implements StatusListener<ConnectorTaskId> {

    private final List<String> states = new CopyOnWriteArrayList<>();
    private volatile Throwable failure;

    @Override public void onStartup(ConnectorTaskId id) { states.add("RUNNING"); }
    @Override public void onPause(ConnectorTaskId id) { states.add("PAUSED"); }
    @Override public void onResume(ConnectorTaskId id) { states.add("RUNNING"); }
    @Override public void onStop(ConnectorTaskId id) { states.add("STOPPED"); }
    @Override public void onFailure(ConnectorTaskId id, Throwable cause) { failure = cause; states.add("FAILED"); }
    @Override public void onShutdown(ConnectorTaskId id) { states.add("UNASSIGNED"); }

    /** Why the task failed last; null if it did not. */
    Throwable failure() {
        return failure;
    }

    @Override
    public String get(int index) {
        return states.get(index);
    }

    @Override
    public int size() {
        return states.size();
    }
}
