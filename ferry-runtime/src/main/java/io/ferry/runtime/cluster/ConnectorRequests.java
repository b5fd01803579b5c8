package io.ferry.runtime.cluster;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.PluginInfo;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request handling both herders share: config checks, plugin listings and restart plans. */
public final class ConnectorRequests {

    private ConnectorRequests() {
    }

    /** The submitted config with {@code name} set, refusing a {@code name} that differs from the one in the URL. */
    public static Map<String, String> withName(String name, Map<String, String> submitted) {
        Map<String, String> config = new LinkedHashMap<>(submitted);
        String configured = config.get(ConnectorConfig.NAME_CONFIG);
        if (configured != null && !configured.equals(name)) {
            throw new InvalidRequestException("Connector name configuration (" + configured
                    + ") doesn't match connector name in the URL (" + name + ")");
        }
        config.put(ConnectorConfig.NAME_CONFIG, name);
        return config;
    }

    /** Refuses an invalid config with every error listed, as Apache Kafka Connect words it. */
    public static void rejectIfInvalid(ConnectorValidator validator, Map<String, String> config) {
        ConfigInfos infos = validator.validate(config);
        if (infos.errorCount() == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder("Connector configuration is invalid and contains the following ")
                .append(infos.errorCount()).append(" error(s):");
        for (ConfigInfos.ConfigInfo info : infos.configs()) {
            if (info.value() == null) {
                continue;
            }
            for (String error : info.value().errors()) {
                String field = info.value().name();
                sb.append('\n').append(error.contains(field) ? error : field + ": " + error);
            }
        }
        sb.append("\nYou can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`");
        throw new InvalidRequestException(sb.toString());
    }

    public static List<PluginInfo> connectorPlugins(Plugins plugins, boolean connectorsOnly) {
        List<PluginType> order = connectorsOnly ? List.of(PluginType.SINK, PluginType.SOURCE)
                : List.of(PluginType.SINK, PluginType.SOURCE, PluginType.TRANSFORMATION, PluginType.PREDICATE,
                PluginType.CONVERTER, PluginType.HEADER_CONVERTER);
        List<PluginInfo> result = new ArrayList<>();
        for (PluginType type : order) {
            for (PluginDesc<?> desc : plugins.plugins(type)) {
                result.add(PluginInfo.of(desc.className(), type.jsonName(), desc.version()));
            }
        }
        return result;
    }

    /** The status as it was, with what a restart request covers shown as RESTARTING (KIP-745). */
    public static ConnectorStateInfo restartPlan(ConnectorStateInfo before, boolean includeTasks, boolean onlyFailed) {
        boolean connector = restarts(before.connector().state(), true, onlyFailed);
        List<ConnectorStateInfo.TaskState> tasks = new ArrayList<>();
        for (ConnectorStateInfo.TaskState task : before.tasks()) {
            tasks.add(restarts(task.state(), includeTasks, onlyFailed)
                    ? task.withState(ComponentState.RESTARTING.name())
                    : task);
        }
        ConnectorStateInfo.ConnectorState connectorState = connector
                ? new ConnectorStateInfo.ConnectorState(ComponentState.RESTARTING.name(),
                before.connector().workerId(), before.connector().trace(), before.connector().version())
                : before.connector();
        return new ConnectorStateInfo(before.name(), connectorState, tasks, before.type());
    }

    /** Whether a component in {@code state} is covered by a restart request. */
    public static boolean restarts(String state, boolean included, boolean onlyFailed) {
        return included && (!onlyFailed || ComponentState.FAILED.name().equals(state));
    }

    /** The error for changing the offsets of a connector that is not STOPPED, worded as Apache's. */
    static InvalidRequestException notStopped(String name) {
        return new InvalidRequestException("Connectors must be in the STOPPED state before their offsets can be modified. "
                + "This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/"
                + name + "/stop' endpoint");
    }
}
