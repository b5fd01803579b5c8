package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Publishes each record of Kafka topics to an MQTT broker; offsets are committed once the broker acknowledged. */
public class MqttSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MqttSinkConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        String prefix = new MqttSinkConfig(props).clientIdPrefix(props);
        List<Map<String, String>> configs = new ArrayList<>();
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(MqttConfig.CLIENT_ID, prefix + "-" + task);
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return MqttServer.checkReachable(super.validate(connectorConfigs));
    }

    @Override
    public ConfigDef config() {
        return MqttSinkConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
