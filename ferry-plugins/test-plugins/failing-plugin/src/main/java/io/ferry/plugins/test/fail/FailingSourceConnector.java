package io.ferry.plugins.test.fail;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A source whose connector or tasks fail when told to: {@code fail.on} = start | poll | never (tasks),
 * {@code fail.after.records}, {@code fail.message}, and {@code connector.raise.error=true} to make the connector
 * report an error through its context, from another thread, shortly after starting; {@code fail.first.starts} with
 * {@code start.count.file} makes tasks fail in their first starts only.
 */
public class FailingSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        if (Boolean.parseBoolean(props.getOrDefault("connector.raise.error", "false"))) {
            // As connectors do from their own monitoring threads, shortly after starting.
            Thread raiser = new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                context().raiseError(new ConnectException(props.getOrDefault("fail.message", "connector failure on demand")));
            }, "failing-connector-raiser");
            raiser.setDaemon(true);
            raiser.start();
        }
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FailingSourceTask.class;
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
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic written to.")
                .define("fail.on", ConfigDef.Type.STRING, "never", ConfigDef.Importance.HIGH, "start, poll or never.")
                .define("fail.after.records", ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW, "Records before failing in poll.")
                .define("fail.message", ConfigDef.Type.STRING, "failure on demand", ConfigDef.Importance.LOW, "Message of the failure.")
                .define("fail.first.starts", ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW, "Task starts that fail, counted in start.count.file.")
                .define("start.count.file", ConfigDef.Type.STRING, null, ConfigDef.Importance.LOW, "Where tasks count their starts.")
                .define("connector.raise.error", ConfigDef.Type.BOOLEAN, false, ConfigDef.Importance.LOW, "Raise an error from the connector.");
    }

    @Override
    public String version() {
        return "1.0";
    }
}
