package io.ferry.plugins.test.fail;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sink whose tasks fail in put after {@code fail.after.records} records. */
public class FailingSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FailingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("fail.after.records", ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW, "Records before failing.")
                .define("fail.message", ConfigDef.Type.STRING, "failure on demand", ConfigDef.Importance.LOW, "Message of the failure.");
    }

    @Override
    public String version() {
        return "1.0";
    }
}
