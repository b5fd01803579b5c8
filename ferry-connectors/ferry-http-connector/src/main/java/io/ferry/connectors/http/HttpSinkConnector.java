package io.ferry.connectors.http;

import io.ferry.connectors.common.TaskConfigs;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/** Sends the records of Kafka topics to an HTTP endpoint, in batches, at least once. */
public class HttpSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new HttpSinkConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSinkTask.class;
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
        return HttpValidation.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    @Override
    public ConfigDef config() {
        return HttpSinkConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
