package io.ferry.plugins.test.secret;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector with a PASSWORD key, {@code password}, whose task writes "tag:password" records to {@code topic}: a test
 * can see which password a task really received, while the REST API must not show it.
 */
public class PasswordEchoSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return PasswordEchoTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(new HashMap<>(props));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic written to.")
                .define("password", ConfigDef.Type.PASSWORD, ConfigDef.Importance.HIGH, "The password to write.")
                .define("tag", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW, "Written before the password.");
    }

    @Override
    public String version() {
        return "1.0";
    }

    /** Writes "tag:password" a few times a second. */
    public static class PasswordEchoTask extends SourceTask {
        private String topic;
        private String value;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get("topic");
            value = props.getOrDefault("tag", "") + ":" + props.get("password");
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(200);
            return List.of(new SourceRecord(Map.of(), Map.of(), topic, Schema.STRING_SCHEMA, value));
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1.0";
        }
    }
}
