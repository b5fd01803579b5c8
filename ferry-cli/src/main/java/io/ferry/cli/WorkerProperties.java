package io.ferry.cli;

import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Reads a worker properties file, with {@code --override key=value} settings on top (as Apache's scripts allow). */
public final class WorkerProperties {

    private WorkerProperties() {
    }

    public static Map<String, String> read(Path file, Map<String, String> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Worker properties file not found: " + file);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read worker properties " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> result = new LinkedHashMap<>(Utils.propsToStringMap(props));
        if (overrides != null) {
            result.putAll(overrides);
        }
        return result;
    }
}
