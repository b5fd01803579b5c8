package io.ferry.connectors.s3;

import io.ferry.connectors.common.TaskConfigs;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/** Writes the records of Kafka topics as objects to an S3-compatible store, each record in exactly one object. */
public class S3SinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new S3SinkConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3SinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return TaskConfigs.copies(props, maxTasks);
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return S3Clients.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    @Override
    public ConfigDef config() {
        return S3SinkConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
