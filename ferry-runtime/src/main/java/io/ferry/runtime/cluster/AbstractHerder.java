package io.ferry.runtime.cluster;

import io.ferry.runtime.logging.LoggerLevels;
import io.ferry.runtime.model.ActiveTopicsInfo;
import io.ferry.runtime.model.ComponentStatus;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConnectorInfo;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorStateInfo;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.model.PluginInfo;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.model.TaskInfo;
import io.ferry.runtime.storage.StatusStore;
import io.ferry.runtime.worker.Worker;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.NotFoundException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the standalone and distributed herders share: answers built from a connector's config, its task configs and
 * the status store, and the requests that read plugins or validate configs.
 */
public abstract class AbstractHerder implements Herder {

    protected final Worker worker;
    protected final StatusStore statusStore;
    protected final ConnectorValidator validator;
    protected final LoggerLevels loggers = new LoggerLevels();
    private final String kafkaClusterId;

    protected AbstractHerder(Worker worker, StatusStore statusStore, String kafkaClusterId) {
        this.worker = worker;
        this.statusStore = statusStore;
        this.kafkaClusterId = kafkaClusterId;
        this.validator = new ConnectorValidator(worker.plugins(), worker.configProviders(), worker.config(), worker.overridePolicy());
    }

    @Override
    public Map<String, LoggerLevels.LoggerLevel> loggerLevels() {
        return loggers.all();
    }

    @Override
    public LoggerLevels.LoggerLevel loggerLevel(String logger) {
        return loggers.level(logger);
    }

    @Override
    public List<String> setWorkerLoggerLevel(String namespace, String level) {
        return loggers.setLevel(namespace, level);
    }

    /** A standalone worker is its whole cluster; a distributed herder tells the others too. */
    @Override
    public void setClusterLoggerLevel(String namespace, String level) {
        loggers.setLevel(namespace, level);
    }

    /** The connector's config as submitted, or null when there is no such connector. */
    protected abstract Map<String, String> configOf(String connector);

    /** The connector's current task configs, in task order. */
    protected abstract List<Map<String, String>> taskConfigsOf(String connector);

    protected abstract void setTargetState(String connector, TargetState state);

    /** Alters (or, with null, resets) the offsets of a STOPPED connector, on the herder's own terms. */
    protected abstract Message modifyOffsets(String connector, Map<Map<String, ?>, Map<String, ?>> offsets);

    @Override
    public Message alterConnectorOffsets(String name, Map<Map<String, ?>, Map<String, ?>> offsets) {
        if (offsets == null || offsets.isEmpty()) {
            throw new ConnectException("The offsets to be altered may not be null or empty");
        }
        return modifyOffsets(name, offsets);
    }

    @Override
    public Message resetConnectorOffsets(String name) {
        return modifyOffsets(name, null);
    }

    protected Map<String, String> existing(String connector) {
        Map<String, String> config = configOf(connector);
        if (config == null) {
            throw new NotFoundException("Connector " + connector + " not found");
        }
        return config;
    }

    @Override
    public String kafkaClusterId() {
        return kafkaClusterId;
    }

    @Override
    public ConnectorInfo connectorInfo(String name) {
        Map<String, String> config = existing(name);
        List<ConnectorTaskId> tasks = new ArrayList<>();
        for (int i = 0; i < taskConfigsOf(name).size(); i++) {
            tasks.add(new ConnectorTaskId(name, i));
        }
        return new ConnectorInfo(name, config, tasks, worker.connectorType(config));
    }

    @Override
    public Map<String, String> connectorConfig(String name) {
        return existing(name);
    }

    @Override
    public ConnectorStateInfo connectorStatus(String name) {
        Map<String, String> config = configOf(name);
        ComponentStatus connector = statusStore.connector(name);
        if (config == null || connector == null) {
            throw new NotFoundException("No status found for connector " + name);
        }
        int taskCount = taskConfigsOf(name).size();
        List<ConnectorStateInfo.TaskState> tasks = new ArrayList<>();
        statusStore.tasksOf(name).forEach((id, s) -> {
            if (id < taskCount) {
                tasks.add(new ConnectorStateInfo.TaskState(id, s.state().name(), s.workerId(), s.trace()));
            }
        });
        return new ConnectorStateInfo(name, new ConnectorStateInfo.ConnectorState(connector.state().name(),
                connector.workerId(), connector.trace()), tasks, worker.connectorType(config));
    }

    protected boolean taskExists(ConnectorTaskId id) {
        return id.task() >= 0 && id.task() < taskConfigsOf(id.connector()).size();
    }

    @Override
    public ConnectorStateInfo.TaskState taskStatus(ConnectorTaskId id) {
        ComponentStatus status = taskExists(id) ? statusStore.task(id) : null;
        if (status == null) {
            throw new NotFoundException("No status found for task " + id);
        }
        return new ConnectorStateInfo.TaskState(id.task(), status.state().name(), status.workerId(), status.trace());
    }

    @Override
    public List<TaskInfo> taskConfigs(String name) {
        existing(name);
        List<TaskInfo> result = new ArrayList<>();
        List<Map<String, String>> configs = taskConfigsOf(name);
        for (int i = 0; i < configs.size(); i++) {
            result.add(new TaskInfo(new ConnectorTaskId(name, i), configs.get(i)));
        }
        return result;
    }

    @Override
    public Created<ConnectorInfo> patchConnectorConfig(String name, Map<String, String> patch) {
        Map<String, String> patched = new LinkedHashMap<>(existing(name));
        patch.forEach((k, v) -> {
            if (v == null) {
                patched.remove(k);
            } else {
                patched.put(k, v);
            }
        });
        return putConnectorConfig(name, patched, null, true);
    }

    @Override
    public void pauseConnector(String name) {
        setTargetState(name, TargetState.PAUSED);
    }

    @Override
    public void resumeConnector(String name) {
        setTargetState(name, TargetState.STARTED);
    }

    @Override
    public ActiveTopicsInfo connectorActiveTopics(String name) {
        return new ActiveTopicsInfo(name, worker.topicTracker().topics(name));
    }

    @Override
    public void resetConnectorActiveTopics(String name) {
        worker.topicTracker().reset(name);
    }

    @Override
    public ConnectorOffsets connectorOffsets(String name) {
        return worker.connectorOffsets(name, existing(name));
    }

    @Override
    public List<ConfigInfos.ConfigKeyInfo> connectorPluginConfig(String plugin, String version) {
        return validator.pluginConfig(plugin, version);
    }

    @Override
    public ConfigInfos validateConnectorConfig(Map<String, String> config) {
        return validator.validate(config);
    }

    @Override
    public List<PluginInfo> connectorPlugins(boolean connectorsOnly) {
        return ConnectorRequests.connectorPlugins(worker.plugins(), connectorsOnly);
    }

    /** The error for changing the offsets of a connector that is not STOPPED, worded as Apache's. */
    protected static InvalidRequestException notStopped(String name) {
        return new InvalidRequestException("Connectors must be in the STOPPED state before their offsets can be modified. "
                + "This can be done for the specified connector by issuing a 'PUT' request to the '/connectors/"
                + name + "/stop' endpoint");
    }

    /** Waits for work handed to the herder thread, passing its exception on as it is. */
    protected static <V> V await(Future<V> work, long timeoutMs) {
        try {
            return work.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ConnectException(cause);
        } catch (TimeoutException e) {
            throw new ConnectException("Request timed out: the herder is still busy with an earlier request");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for the herder");
        } catch (CancellationException e) {
            throw new ConnectException("The worker is stopping");
        }
    }
}
