package io.ferry.runtime.model;

/** The states a connector or task reports, with Apache Kafka Connect's names. */
public enum ComponentState {
    UNASSIGNED, RUNNING, PAUSED, FAILED, RESTARTING, STOPPED, DESTROYED
}
