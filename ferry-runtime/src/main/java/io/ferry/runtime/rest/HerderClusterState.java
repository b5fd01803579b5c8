package io.ferry.runtime.rest;

import io.ferry.runtime.cluster.Herder;
import io.ferry.runtime.model.ConnectorStateInfo;
import org.apache.kafka.connect.health.ConnectClusterDetails;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.apache.kafka.connect.health.ConnectorHealth;
import org.apache.kafka.connect.health.ConnectorState;
import org.apache.kafka.connect.health.ConnectorType;
import org.apache.kafka.connect.health.TaskState;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** What REST extensions may read of the cluster: connectors, their health and configs (KIP-285, KIP-454). */
final class HerderClusterState implements ConnectClusterState {

    private final Herder herder;

    HerderClusterState(Herder herder) {
        this.herder = herder;
    }

    @Override
    public Collection<String> connectors() {
        return herder.connectors();
    }

    @Override
    public ConnectorHealth connectorHealth(String connName) {
        ConnectorStateInfo status = herder.connectorStatus(connName);
        Map<Integer, TaskState> tasks = new HashMap<>();
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            tasks.put(task.id(), new TaskState(task.id(), task.state(), task.workerId(), task.trace()));
        }
        ConnectorState connector = new ConnectorState(status.connector().state(), status.connector().workerId(),
                status.connector().trace());
        return new ConnectorHealth(connName, connector, tasks, ConnectorType.valueOf(status.type().name()));
    }

    @Override
    public Map<String, String> connectorConfig(String connName) {
        return new HashMap<>(herder.connectorConfig(connName));
    }

    @Override
    public ConnectClusterDetails clusterDetails() {
        return herder::kafkaClusterId;
    }
}
