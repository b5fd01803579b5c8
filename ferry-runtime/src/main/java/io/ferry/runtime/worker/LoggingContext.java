package io.ferry.runtime.worker;

import io.ferry.runtime.model.ConnectorTaskId;
import org.slf4j.MDC;

/**
 * Puts the connector and task a thread works for into the logging context (MDC key {@code connector.context}),
 * as {@code [name|worker] } or {@code [name|task-0] }, so every log line says where it comes from.
 */
public final class LoggingContext implements AutoCloseable {

    public static final String CONNECTOR_CONTEXT = "connector.context";

    private final String previous;

    private LoggingContext(String value) {
        previous = MDC.get(CONNECTOR_CONTEXT);
        MDC.put(CONNECTOR_CONTEXT, value);
    }

    public static LoggingContext forConnector(String connector) {
        return new LoggingContext("[" + connector + "|worker] ");
    }

    public static LoggingContext forTask(ConnectorTaskId id) {
        return new LoggingContext("[" + id.connector() + "|task-" + id.task() + "] ");
    }

    public static LoggingContext forOffsets(ConnectorTaskId id) {
        return new LoggingContext("[" + id.connector() + "|task-" + id.task() + "|offsets] ");
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(CONNECTOR_CONTEXT);
        } else {
            MDC.put(CONNECTOR_CONTEXT, previous);
        }
    }
}
