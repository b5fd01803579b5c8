package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.SinkConnectorConfig;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the task configs a running connector generated into the ones the control plane writes to the config log:
 * no more than {@code tasks.max} when enforced, each completed with what the worker needs to start the task, and with
 * no secret a config provider resolved for the connector in them.
 */
final class GeneratedTaskConfigs {

    private GeneratedTaskConfigs() {
    }

    /**
     * Each config completed with {@code task.class} (and, for sinks, the topics to consume). Fails when the connector
     * generated more tasks than {@code tasks.max} and enforcement is on.
     *
     * @param raw      the connector's config as submitted
     * @param resolved the same with its {@code ${...}} references resolved
     */
    static List<Map<String, String>> complete(String name, WorkerConnector workerConnector,
                                              ConnectorConfig connectorConfig, List<Map<String, String>> generated,
                                              Map<String, String> raw, Map<String, String> resolved) {
        int maxTasks = connectorConfig.tasksMax();
        if (generated.size() > maxTasks && connectorConfig.getBoolean(ConnectorConfig.TASKS_MAX_ENFORCE_CONFIG)) {
            throw new ConnectException("The connector " + name + " has generated " + generated.size()
                    + " tasks, which is greater than " + maxTasks + ", the maximum number of tasks it is configured to create. "
                    + "This behaviour should be considered a bug and is disallowed.");
        }
        Class<? extends Task> taskClass = workerConnector.connector().taskClass();
        List<Map<String, String>> result = new ArrayList<>();
        for (Map<String, String> taskProps : generated) {
            Map<String, String> props = new LinkedHashMap<>(taskProps == null ? Map.of() : taskProps);
            props.put(ConnectorConfig.TASK_CLASS_CONFIG, taskClass.getName());
            if (workerConnector.isSink()) {
                copyIfPresent(resolved, props, SinkConnectorConfig.TOPICS_CONFIG);
                copyIfPresent(resolved, props, SinkConnectorConfig.TOPICS_REGEX_CONFIG);
            }
            result.add(reverseResolve(raw, resolved, props));
        }
        return result;
    }

    private static void copyIfPresent(Map<String, String> from, Map<String, String> to, String key) {
        if (from.containsKey(key)) {
            to.put(key, from.get(key));
        }
    }

    /**
     * Puts {@code ${...}} references back into task configs wherever a value is exactly what a reference in the
     * connector config resolved to, under its own key or another one (a connector may hand its password to its tasks
     * under a name of its own), so secrets are never kept in task configs, nor shown by {@code GET .../tasks}. The
     * task resolves the reference again when it starts, to the same value.
     */
    static Map<String, String> reverseResolve(Map<String, String> raw, Map<String, String> resolved,
                                              Map<String, String> taskConfig) {
        Map<String, String> referenceOf = new HashMap<>();
        raw.forEach((key, rawValue) -> {
            String value = resolved.get(key);
            if (rawValue != null && rawValue.contains("${") && value != null && !value.isEmpty()
                    && !rawValue.equals(value)) {
                referenceOf.putIfAbsent(value, rawValue);
            }
        });
        Map<String, String> result = new LinkedHashMap<>(taskConfig);
        result.replaceAll((key, value) -> {
            String sameKey = raw.get(key);
            if (sameKey != null && referenceOf.containsKey(value) && value.equals(resolved.get(key))) {
                return sameKey;
            }
            return value == null ? null : referenceOf.getOrDefault(value, value);
        });
        return result;
    }
}
