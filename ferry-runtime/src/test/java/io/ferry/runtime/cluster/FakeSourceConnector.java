package io.ferry.runtime.cluster;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.List;
import java.util.Map;

/**
 * A source connector the control plane's tests name in their configs, so that validation finds a real plugin on the
 * class path. The fake data plane never runs it.
 */
public class FakeSourceConnector extends SourceConnector {

    public static final String CLASS = FakeSourceConnector.class.getName();

    /** A config of this connector that asks for {@code tasks} tasks. */
    public static Map<String, String> config(int tasks) {
        return Map.of("connector.class", CLASS, "tasks.max", Integer.toString(tasks));
    }

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FakeTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "1.0";
    }

    public static class FakeTask extends SourceTask {
        @Override
        public String version() {
            return "1.0";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public List<SourceRecord> poll() {
            return null;
        }

        @Override
        public void stop() {
        }
    }
}
