package io.ferry.connectors.mqtt;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscribes to MQTT topic filters and writes each message to a Kafka topic. A message is acknowledged to the broker
 * only once Kafka has its record, and tasks keep persistent sessions: at least once, also across restarts.
 */
public class MqttSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MqttSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MqttSourceTask.class;
    }

    /** The filters are shared out round-robin; each task's client id is the prefix, '-' and its number. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        MqttSourceConfig config = new MqttSourceConfig(props);
        List<String> filters = config.topicFilters();
        int tasks = Math.min(maxTasks, filters.size());
        List<Map<String, String>> configs = new ArrayList<>();
        for (int task = 0; task < tasks; task++) {
            List<String> own = new ArrayList<>();
            for (int i = task; i < filters.size(); i += tasks) {
                own.add(filters.get(i));
            }
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(MqttSourceConfig.TOPICS, String.join(",", own));
            taskProps.put(MqttConfig.CLIENT_ID, config.clientIdPrefix(props) + "-" + task);
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

    /** MQTT cannot replay what it delivered, so a restart cannot be told where to resume: no exactly-once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    @Override
    public ConfigDef config() {
        return MqttSourceConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
