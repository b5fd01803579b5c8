package io.ferry.runtime.worker;

import io.ferry.runtime.model.ConnectorTaskId;
import org.slf4j.MDC;

/**
 * Puts the connector and task a thread works for into the logging context, so every log line says where it comes
 * from: MDC key {@code connector.context} as {@code [name|worker] } or {@code [name|task-0] } for line layouts, and
 * {@code connector} and {@code task} (the task's number) as separate values for the JSON layout.
 */
public final class LoggingContext implements AutoCloseable {

    public static final String CONNECTOR_CONTEXT = "connector.context";
    public static final String CONNECTOR = "connector";
    public static final String TASK = "task";

    private final String previousContext;
    private final String previousConnector;
    private final String previousTask;

    private LoggingContext(String context, String connector, String task) {
        previousContext = MDC.get(CONNECTOR_CONTEXT);
        previousConnector = MDC.get(CONNECTOR);
        previousTask = MDC.get(TASK);
        MDC.put(CONNECTOR_CONTEXT, context);
        MDC.put(CONNECTOR, connector);
        restore(TASK, task);
    }

    public static LoggingContext forConnector(String connector) {
        return new LoggingContext("[" + connector + "|worker] ", connector, null);
    }

    public static LoggingContext forTask(ConnectorTaskId id) {
        return new LoggingContext("[" + id.connector() + "|task-" + id.task() + "] ", id.connector(),
                Integer.toString(id.task()));
    }

    public static LoggingContext forOffsets(ConnectorTaskId id) {
        return new LoggingContext("[" + id.connector() + "|task-" + id.task() + "|offsets] ", id.connector(),
                Integer.toString(id.task()));
    }

    @Override
    public void close() {
        restore(CONNECTOR_CONTEXT, previousContext);
        restore(CONNECTOR, previousConnector);
        restore(TASK, previousTask);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
