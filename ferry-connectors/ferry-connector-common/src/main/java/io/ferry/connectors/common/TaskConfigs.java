package io.ferry.connectors.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Task configurations for connectors whose tasks share the work by themselves (a consumer group, a queue). */
public final class TaskConfigs {

    private TaskConfigs() {
    }

    /** {@code maxTasks} copies of the connector's configuration. */
    public static List<Map<String, String>> copies(Map<String, String> props, int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int task = 0; task < maxTasks; task++) {
            configs.add(props);
        }
        return configs;
    }
}
