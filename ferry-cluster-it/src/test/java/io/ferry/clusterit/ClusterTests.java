package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Rest;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the distributed tests share: the workers' settings, installing plugins, the sample source's config and waiting for
 * states through REST.
 */
final class ClusterTests {

    static final String SAMPLE_SOURCE = "io.ferry.plugins.demo.SampleDataSourceConnector";

    private ClusterTests() {
    }

    /** Settings every worker of a test cluster shares; fast failure detection keeps the tests short. */
    static Map<String, String> workerSettings(String bootstrap, String groupId) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", groupId);
        props.put("plugin.path", System.getProperty("ferry.it.pluginPath"));
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter.schemas.enable", "false");
        props.put("offset.flush.interval.ms", "1000");
        props.put("session.timeout.ms", "6000");
        props.put("heartbeat.interval.ms", "1000");
        props.put("scheduled.rebalance.max.delay.ms", "2000");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        return props;
    }

    static Map<String, String> sampleSource(String topic, int tasks, int ratePerSecond) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", SAMPLE_SOURCE);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topic", topic);
        config.put("schema", "sequence");
        config.put("rate.per.second", String.valueOf(ratePerSecond));
        config.put("batch.size", "20");
        return config;
    }

    /** Installs plugins with {@code bin/ferry plugin install}, as a user would, each into its own directory. */
    static void installPlugins(Path pluginPath, String... coordinates) throws Exception {
        Path ferry = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize().resolve("bin/ferry");
        for (String plugin : coordinates) {
            Process install = new ProcessBuilder(ferry.toString(), "plugin", "install", plugin, "--plugin-path", pluginPath.toString())
                    .redirectErrorStream(true).start();
            String output = new String(install.getInputStream().readAllBytes());
            assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
            assertThat(install.exitValue()).as(output).isZero();
        }
    }

    /** Creates a connector, retrying while the cluster is rebalancing (409) as a client should. */
    static void create(Rest rest, String name, Map<String, String> config) {
        create(rest, name, config, "RUNNING");
    }

    /** Creates a connector in {@code initialState} (KIP-980), retrying while the cluster is rebalancing. */
    static void create(Rest rest, String name, Map<String, String> config, String initialState) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Rest.Response r = rest.createConnector(name, config, initialState);
            if (r.status() == 409 && r.json().path("message").asText().contains("already exists")) {
                return true;
            }
            return r.status() == 201;
        });
    }

    /** Calls until the answer is not 409 (rebalance in progress); returns the final status code. */
    static int retryingConflicts(Rest rest, String method, String path) {
        int[] status = new int[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            status[0] = rest.call(method, path, null).status();
            return status[0] != 409;
        });
        return status[0];
    }

    /** The status of every connector, from one worker's REST API. */
    static JsonNode statuses(Rest rest) {
        return rest.getJson("/connectors?expand=status");
    }

    /**
     * Waits until each named connector and {@code tasksEach} tasks of it are in {@code state} on workers accepted by
     * {@code onWorker}.
     */
    static void awaitState(Rest rest, List<String> connectors, int tasksEach, String state, Predicate<String> onWorker,
                           Duration timeout) {
        AtomicReference<JsonNode> lastSeen = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
                JsonNode all = statuses(rest);
                lastSeen.set(all);
                return connectors.stream().allMatch(c -> inState(all.path(c).path("status"), tasksEach, state, onWorker));
            });
        } catch (ConditionTimeoutException e) {
            // The statuses last seen say which connector or task stayed behind, and where.
            throw new AssertionError(connectors + " not " + state + " with " + tasksEach + " task(s) each within " + timeout
                    + "; last statuses: " + lastSeen.get(), e);
        }
    }

    private static boolean inState(JsonNode status, int tasks, String state, Predicate<String> onWorker) {
        if (!state.equals(status.path("connector").path("state").asText())
                || !onWorker.test(status.path("connector").path("worker_id").asText())
                || status.path("tasks").size() != tasks) {
            return false;
        }
        for (JsonNode t : status.path("tasks")) {
            if (!state.equals(t.path("state").asText()) || !onWorker.test(t.path("worker_id").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Worker id to the connectors and tasks it runs, as statuses report them. */
    static Map<String, List<String>> placement(JsonNode statuses) {
        Map<String, List<String>> result = new HashMap<>();
        statuses.fields().forEachRemaining(e -> {
            JsonNode status = e.getValue().path("status");
            result.computeIfAbsent(status.path("connector").path("worker_id").asText(), k -> new ArrayList<>()).add(e.getKey());
            for (JsonNode t : status.path("tasks")) {
                result.computeIfAbsent(t.path("worker_id").asText(), k -> new ArrayList<>())
                        .add(e.getKey() + "-" + t.path("id").asInt());
            }
        });
        return result;
    }

    static long count(List<String> work, boolean tasks) {
        return work.stream().filter(w -> w.matches(".*-\\d+$") == tasks).count();
    }

    static void assertEvenlySpread(Map<String, List<String>> placement, int workers, int connectors, int tasks) {
        assertThat(placement).hasSize(workers);
        for (List<String> work : placement.values()) {
            assertThat(count(work, false)).as("connectors per worker in %s", placement)
                    .isBetween((long) connectors / workers, (long) (connectors + workers - 1) / workers);
            assertThat(count(work, true)).as("tasks per worker in %s", placement)
                    .isBetween((long) tasks / workers, (long) (tasks + workers - 1) / workers);
        }
    }
}
