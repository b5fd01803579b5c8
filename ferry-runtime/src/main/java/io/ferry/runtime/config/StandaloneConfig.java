package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.nio.file.Path;
import java.util.Map;

/** A standalone worker: offsets in a local file, and connector configs kept beside it so they survive restarts. */
public class StandaloneConfig extends WorkerConfig {

    public static final String OFFSET_STORAGE_FILE_FILENAME_CONFIG = "offset.storage.file.filename";
    public static final String CONFIG_STORAGE_FILE_FILENAME_CONFIG = "config.storage.file.filename";
    public static final String DEFAULT_OFFSETS_FILE = "/tmp/connect.offsets";

    private static final ConfigDef CONFIG = baseConfigDef()
            .define(OFFSET_STORAGE_FILE_FILENAME_CONFIG, Type.STRING, DEFAULT_OFFSETS_FILE, Importance.HIGH,
                    "File in which source connector offsets are kept (Apache Kafka Connect's format).")
            .define(CONFIG_STORAGE_FILE_FILENAME_CONFIG, Type.STRING, null, Importance.MEDIUM,
                    "File in which connector configurations and target states are kept across restarts. "
                            + "Defaults to the offsets file name followed by '.connectors.json'.");

    public StandaloneConfig(Map<String, String> props) {
        super(CONFIG, props);
    }

    public static ConfigDef configDef() {
        return CONFIG;
    }

    public Path offsetsFile() {
        return Path.of(getString(OFFSET_STORAGE_FILE_FILENAME_CONFIG));
    }

    public Path connectorsFile() {
        String configured = getString(CONFIG_STORAGE_FILE_FILENAME_CONFIG);
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(getString(OFFSET_STORAGE_FILE_FILENAME_CONFIG) + ".connectors.json");
    }
}
