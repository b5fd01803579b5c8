package io.ferry.connectors.s3;

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

/** Reads the JSON-lines or bytes objects under a prefix (what the S3 sink wrote, or any) into a Kafka topic. */
public class S3SourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new S3SourceConfig(props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return S3SourceTask.class;
    }

    /** Each task takes the keys whose hash falls to its number. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int task = 0; task < maxTasks; task++) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.put(S3SourceTask.TASK_INDEX, String.valueOf(task));
            taskProps.put(S3SourceTask.TASK_COUNT, String.valueOf(maxTasks));
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return S3Clients.validate(super.validate(connectorConfigs), connectorConfigs);
    }

    /** Objects do not change once written and each line has its own offset: records and offsets in one transaction are exactly once. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }

    @Override
    public ConfigDef config() {
        return S3SourceConfig.DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
