package io.ferry.plugins.demo;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Counts what it receives, logs a running total, and optionally writes each value to a file. */
public class CountingSinkConnector extends SinkConnector {

    public static final String LOG_EVERY_RECORDS_CONFIG = "log.every.records";
    public static final String LOG_INTERVAL_MS_CONFIG = "log.interval.ms";
    public static final String OUTPUT_FILE_CONFIG = "output.file";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(LOG_EVERY_RECORDS_CONFIG, Type.LONG, 1000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Log the running total after this many records.")
            .define(LOG_INTERVAL_MS_CONFIG, Type.LONG, 5000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Log the running total at least this often while records arrive, in ms.")
            .define(OUTPUT_FILE_CONFIG, Type.STRING, null, Importance.LOW,
                    "When set, each record's value is appended to this file as one line.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new AbstractConfig(CONFIG_DEF, props);
        this.props = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return CountingSinkTask.class;
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
        return CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
