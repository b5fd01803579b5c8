package io.ferry.plugins.demo;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates sample records (users, orders or a plain sequence) at a chosen rate. Each task writes its own numbered
 * sequence and resumes after its last committed number when restarted.
 */
public class SampleDataSourceConnector extends SourceConnector {

    public static final String TOPIC_CONFIG = "topic";
    public static final String RATE_CONFIG = "rate.per.second";
    public static final String SCHEMA_CONFIG = "schema";
    public static final String MAX_RECORDS_CONFIG = "max.records";
    public static final String BATCH_SIZE_CONFIG = "batch.size";
    public static final String SEED_CONFIG = "seed";
    static final String TASK_ID_CONFIG = "sample.task.id";

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(TOPIC_CONFIG, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic the records are written to.")
            .define(RATE_CONFIG, Type.DOUBLE, 10.0, Importance.MEDIUM,
                    "Records per second, per task. Zero or less: as fast as possible.")
            .define(SCHEMA_CONFIG, Type.STRING, "users", ConfigDef.ValidString.in("users", "orders", "sequence"),
                    Importance.MEDIUM, "Shape of the records: users, orders or sequence.")
            .define(MAX_RECORDS_CONFIG, Type.LONG, -1L, Importance.LOW,
                    "Records each task writes in all, after which it idles; -1 for no limit.")
            .define(BATCH_SIZE_CONFIG, Type.INT, 100, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Most records returned by one poll.")
            .define(SEED_CONFIG, Type.LONG, 42L, Importance.LOW, "Seed of the generated values.");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new AbstractConfig(CONFIG_DEF, props);
        this.props = new HashMap<>(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SampleDataSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(TASK_ID_CONFIG, String.valueOf(i));
            configs.add(config);
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
