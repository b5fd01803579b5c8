package io.ferry.runtime.model;

import java.util.Locale;

/** What the user asked a connector to be doing; the worker moves connectors and tasks towards it. */
public enum TargetState {
    STARTED, PAUSED, STOPPED;

    /** Parses the REST {@code initial_state} values RUNNING, PAUSED and STOPPED (case-insensitive). */
    public static TargetState fromInitialState(String initialState) {
        switch (initialState.trim().toUpperCase(Locale.ROOT)) {
            case "RUNNING": return STARTED;
            case "PAUSED": return PAUSED;
            case "STOPPED": return STOPPED;
            default:
                throw new IllegalArgumentException("Invalid initial state '" + initialState
                        + "'; valid values are RUNNING, PAUSED and STOPPED");
        }
    }
}
