package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Source, sink, or unknown when the connector's plugin cannot be found. */
public enum ConnectorType {
    SOURCE, SINK, UNKNOWN;

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
