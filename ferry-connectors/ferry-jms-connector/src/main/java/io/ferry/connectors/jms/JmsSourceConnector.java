package io.ferry.connectors.jms;

import io.ferry.connectors.common.TaskConfigs;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Reads a JMS queue or topic into a Kafka topic, at least once: messages are acknowledged to the provider only once
 * Kafka has their records. Tasks share the work: a queue's competing consumers, a topic's shared durable subscription.
 */
public class JmsSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new JmsSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return JmsSourceTask.class;
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

    /** A JMS provider cannot be asked to deliver again from a position, so there is nothing to resume exactly from. */
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
        return JmsSourceConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
