package io.ferry.connectors.http;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/**
 * Polls an HTTP endpoint and writes what it answers to a Kafka topic, resuming from an offset the answers carry.
 * One URL is one task.
 */
public class HttpSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new HttpSourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HttpSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return HttpValidation.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /**
     * With an offset in each record, a restart asks for what follows the last committed record, so records and
     * offsets committed in one transaction are exactly once (given answers ordered by that offset). An offset per
     * answer is carried by its last record only, and a transaction may end before it: not exactly once.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return connectorConfig.get(HttpSourceConfig.OFFSET_RECORD_POINTER) != null ? ExactlyOnceSupport.SUPPORTED : ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    @Override
    public ConfigDef config() {
        return HttpSourceConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
