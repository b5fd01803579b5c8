package io.ferry.runtime.logging;

import org.apache.logging.log4j.core.util.ContextDataProvider;

import java.util.Map;

/**
 * Adds this worker's id ({@code host:port}, as statuses show it) to the context data of every log event, under
 * {@code worker_id}, on every thread: the JSON log layout writes it as a field, and a pattern can print it with
 * {@code %X{worker_id}}. A thread-local MDC would miss the threads of Kafka's clients and of plugins. Registered with
 * Log4j through {@code META-INF/services}; nothing is added until the runtime knows the id.
 */
public final class WorkerIdContextData implements ContextDataProvider {

    public static final String KEY = "worker_id";

    private static volatile Map<String, String> data = Map.of();

    /** Called once the worker's REST listener is bound and its id is known. */
    public static void set(String workerId) {
        data = workerId == null ? Map.of() : Map.of(KEY, workerId);
    }

    @Override
    public Map<String, String> supplyContextData() {
        return data;
    }
}
