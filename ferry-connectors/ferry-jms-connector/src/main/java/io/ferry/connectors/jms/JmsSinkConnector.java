package io.ferry.connectors.jms;

import io.ferry.connectors.common.TaskConfigs;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.List;
import java.util.Map;

/** Sends the records of Kafka topics to a JMS queue or topic; offsets are committed once the provider has them. */
public class JmsSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new JmsSinkConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JmsSinkTask.class;
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
        return JmsValidation.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    @Override
    public ConfigDef config() {
        return JmsSinkConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
