package io.ferry.runtime.model;

/**
 * One reported status of a connector or task: where it runs, in which state, and why it failed; for FAILED and
 * RESTARTING work, also where its automatic restarts stand ({@code autoRestart}, null when it has none).
 */
public record ComponentStatus(ComponentState state, String trace, String workerId, int generation, String version,
                              AutoRestartState autoRestart) {

    public ComponentStatus(ComponentState state, String trace, String workerId, int generation, String version) {
        this(state, trace, workerId, generation, version, null);
    }

    public ComponentStatus withState(ComponentState newState) {
        return new ComponentStatus(newState, null, workerId, generation, version);
    }
}
