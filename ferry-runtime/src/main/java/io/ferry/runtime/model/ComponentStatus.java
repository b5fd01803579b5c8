package io.ferry.runtime.model;

/** One reported status of a connector or task: where it runs, in which state, and why it failed. */
public record ComponentStatus(ComponentState state, String trace, String workerId, int generation, String version) {

    public ComponentStatus withState(ComponentState newState) {
        return new ComponentStatus(newState, null, workerId, generation, version);
    }
}
