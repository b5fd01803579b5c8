package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Identifies one task of one connector; its JSON form is {@code {"connector":"name","task":0}}. */
public record ConnectorTaskId(@JsonProperty("connector") String connector, @JsonProperty("task") int task)
        implements Comparable<ConnectorTaskId> {

    @JsonCreator
    public ConnectorTaskId {
    }

    @Override
    public int compareTo(ConnectorTaskId o) {
        int byConnector = connector.compareTo(o.connector);
        return byConnector != 0 ? byConnector : Integer.compare(task, o.task);
    }

    @Override
    public String toString() {
        return connector + "-" + task;
    }
}
