package io.ferry.conformance;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess.Kind;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The worker settings both runtimes are compared with: the same plugins, converters and storage, on one broker. */
final class ComparedWorkers {

    private ComparedWorkers() {
    }

    /**
     * Settings of a standalone worker (offsets in {@code dir}) or of a one-worker cluster whose group is {@code group}
     * and whose internal topics are named after it ({@code <group>-configs}, {@code -offsets}, {@code -status}).
     */
    static Map<String, String> settings(Kind kind, EmbeddedKafkaCluster kafka, Path dir, String group,
                                        boolean distributed) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", kafka.bootstrapServers());
        settings.put("plugin.path", System.getProperty("ferry.it.pluginPath"));
        if (distributed) {
            settings.put("group.id", group);
            settings.put("config.storage.topic", configTopic(group));
            settings.put("offset.storage.topic", group + "-offsets");
            settings.put("status.storage.topic", group + "-status");
            settings.put("config.storage.replication.factor", "1");
            settings.put("offset.storage.replication.factor", "1");
            settings.put("status.storage.replication.factor", "1");
            settings.put("scheduled.rebalance.max.delay.ms", "0");
        } else {
            settings.put("offset.storage.file.filename", dir.resolve(group + ".offsets").toString());
        }
        settings.put("offset.flush.interval.ms", "1000");
        settings.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        settings.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        if (kind == Kind.FERRY) {
            // Apache never restarts failed work by itself; compared with it, Ferry must not either.
            settings.put("auto.restart.enable", "false");
        }
        return settings;
    }

    static String configTopic(String group) {
        return group + "-configs";
    }
}
