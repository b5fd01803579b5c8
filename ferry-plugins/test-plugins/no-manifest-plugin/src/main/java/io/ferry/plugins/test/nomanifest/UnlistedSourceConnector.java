package io.ferry.plugins.test.nomanifest;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.List;
import java.util.Map;

/** A source connector with no ServiceLoader manifest: only class scanning finds it. It writes "hello" records. */
public class UnlistedSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HelloTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef().define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic written to.");
    }

    @Override
    public String version() {
        return "1.0";
    }

    /** Writes "hello-N" records, a few a second. */
    public static class HelloTask extends SourceTask {
        private String topic;
        private int n;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get("topic");
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(100);
            n++;
            return List.of(new SourceRecord(Map.of("hello", 0), Map.of("n", n), topic, Schema.STRING_SCHEMA, "hello-" + n));
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
