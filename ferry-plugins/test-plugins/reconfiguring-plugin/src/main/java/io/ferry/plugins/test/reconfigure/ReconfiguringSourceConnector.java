package io.ferry.plugins.test.reconfigure;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A connector whose task configs change while it runs: {@code reconfigure.after.ms} after start it moves to
 * generation 2 and asks the framework for a task reconfiguration. Its task writes "gen-G-N" records.
 */
public class ReconfiguringSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private volatile int generation = 1;
    private ScheduledExecutorService timer;

    @Override
    public void start(Map<String, String> props) {
        this.props = props;
        long after = Long.parseLong(props.getOrDefault("reconfigure.after.ms", "500"));
        timer = Executors.newSingleThreadScheduledExecutor();
        timer.schedule(() -> {
            generation = 2;
            context().requestTaskReconfiguration();
        }, after, TimeUnit.MILLISECONDS);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return GenerationTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        Map<String, String> config = new HashMap<>(props);
        config.put("generation", String.valueOf(generation));
        return List.of(config);
    }

    @Override
    public void stop() {
        timer.shutdownNow();
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("topic", ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Topic written to.")
                .define("reconfigure.after.ms", ConfigDef.Type.LONG, 500L, ConfigDef.Importance.LOW, "Delay before generation 2.");
    }

    @Override
    public String version() {
        return "1.0";
    }

    /** Writes "gen-G-N" records a few times a second. */
    public static class GenerationTask extends SourceTask {
        private String topic;
        private String generation;
        private int n;

        @Override
        public void start(Map<String, String> props) {
            topic = props.get("topic");
            generation = props.get("generation");
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            Thread.sleep(50);
            n++;
            return List.of(new SourceRecord(Map.of("generation", generation), Map.of("n", n), topic,
                    Schema.STRING_SCHEMA, "gen-" + generation + "-" + n));
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
