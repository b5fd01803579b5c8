package io.ferry.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.WorkerProcess.Kind;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static io.ferry.conformance.MetricsRuntime.FAILING;
import static io.ferry.conformance.MetricsRuntime.LINES;
import static io.ferry.conformance.MetricsRuntime.PAUSED;
import static io.ferry.conformance.MetricsRuntime.ROLES;
import static io.ferry.conformance.MetricsRuntime.SINK;
import static io.ferry.conformance.MetricsRuntime.SOURCE;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Apache Kafka Connect 4.3 and Ferry, each a standalone worker on the same broker running the same connectors (a
 * source and a sink that run, a source whose task failed, a paused source), register the same JMX metrics: every
 * (MBean, attribute) Apache registers in the domains below is registered by Ferry too, and the values that carry
 * meaning (states, record counts, task counts) agree with the REST API. Each value check runs against Apache first,
 * which shows that the expectation is Apache's behaviour, then against Ferry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsConformanceIT {

    private static final List<String> DOMAINS = List.of("kafka.connect", "kafka.producer", "kafka.consumer", "kafka.admin.client");

    /** How long a runtime may take to show a value (or register a metric) after REST and the sink's output settled. */
    private static final Duration SETTLE = Duration.ofSeconds(20);

    /** The class each connector reports; REST statuses do not name it. */
    private static final Map<String, String> CLASSES = Map.of(
            SOURCE, "org.apache.kafka.connect.file.FileStreamSourceConnector",
            SINK, "org.apache.kafka.connect.file.FileStreamSinkConnector",
            FAILING, "io.ferry.plugins.test.fail.FailingSourceConnector",
            PAUSED, "org.apache.kafka.connect.file.FileStreamSourceConnector");

    private EmbeddedKafkaCluster kafka;
    private MetricsRuntime apache;

    /** Whether both runtimes run as one-worker clusters (adding the rebalance, coordinator and internal client metrics). */
    boolean distributed() {
        return false;
    }

    private MetricsRuntime ferry;

    @BeforeAll
    void start() throws Exception {
        Path work = Files.createTempDirectory("ferry-metrics-conformance-");
        kafka = EmbeddedKafkaCluster.builder().build();
        kafka.start();
        // Both at once: most of the setup is each worker scanning its plugins.
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            Future<MetricsRuntime> startingApache = starting.submit(() -> MetricsRuntime.start(Kind.APACHE, "alpha", distributed(), kafka, work));
            Future<MetricsRuntime> startingFerry = starting.submit(() -> MetricsRuntime.start(Kind.FERRY, "bravo", distributed(), kafka, work));
            try {
                apache = startingApache.get();
            } finally {
                ferry = startingFerry.get(); // also when Apache failed, so that stop() ends it
            }
        } finally {
            starting.shutdownNow();
        }
    }

    @AfterAll
    void stop() throws Exception {
        try (EmbeddedKafkaCluster k = kafka; MetricsRuntime a = apache; MetricsRuntime f = ferry) {
            // closed in reverse order: the workers before the broker
        }
    }

    /**
     * Every (MBean, attribute) of Apache's in the four domains, names normalised by {@link MetricNames}, is registered by
     * Ferry. Nothing is excluded: each candidate was weighed and kept.
     * <ul>
     *   <li>{@code kafka.connect:type=app-info} (three MBeans: without tags, {@code client-id="{worker}"} and
     *   {@code id="{worker}"}): the values (version, commit id, start time) depend on the build and the moment, but
     *   the names do not, and only names are compared here.</li>
     *   <li>Apache's internal clients: a standalone worker keeps none open once started (the admin client that looks up the
     *   cluster id at start is closed again), so every client MBean Apache shows belongs to a task (its producer or consumer)
     *   and Ferry, running the same tasks, registers the same.</li>
     *   <li>Client MBeans whose existence depends on timing (a producer's per-topic metrics exist once it has sent to
     *   the topic, a consumer's per-partition ones while it is assigned) are made certain by the setup: every producer
     *   still open has sent and the sink has read everything. Per-node MBeans differ only by which broker connections
     *   a client opened; {@link MetricNames} folds node ids.</li>
     * </ul>
     * Extra MBeans of Ferry's are allowed and reported.
     */
    @Test
    void everyApacheMetricIsRegisteredByFerry() throws Exception {
        Set<MetricNames.Key> expected = names(apache);
        // A runtime may register a task's metrics a moment after REST shows the task: give Ferry a short while.
        AtomicReference<Set<MetricNames.Key>> actual = new AtomicReference<>();
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                actual.set(names(ferry));
                return actual.get().containsAll(expected);
            });
        } catch (ConditionTimeoutException e) {
            // what is still missing is reported below
        }
        Set<MetricNames.Key> missing = new TreeSet<>(expected);
        missing.removeAll(actual.get());
        Set<MetricNames.Key> extra = new TreeSet<>(actual.get());
        extra.removeAll(expected);
        String report = MetricsReport.of("Registered by Apache Kafka Connect, missing in Ferry", missing, actual.get())
                + "\n" + MetricsReport.of("Registered by Ferry only (allowed)", extra, expected);
        // For whoever implements the missing metrics: the report, and everything each runtime registers.
        Path target = Files.createDirectories(Path.of("target"));
        Files.writeString(target.resolve("metrics-conformance.txt"), report);
        Files.writeString(target.resolve("metrics-apache.txt"), MetricsReport.listing("Apache Kafka Connect", expected));
        Files.writeString(target.resolve("metrics-ferry.txt"), MetricsReport.listing("Ferry", actual.get()));
        System.out.println(report);
        if (!missing.isEmpty()) {
            fail(report);
        }
    }

    @Test
    void connectorAndTaskStatusesMatchRest() {
        for (MetricsRuntime runtime : List.of(apache, ferry)) {
            awaitValues(runtime, softly -> {
                for (String role : ROLES) {
                    String connector = runtime.connector(role);
                    JsonNode status = runtime.status(role);
                    String mbean = "kafka.connect:type=connector-metrics,connector=" + connector;
                    softly.assertThat(runtime.metric(mbean, "status")).as("%s status", mbean)
                            .isEqualTo(lower(status.path("connector").path("state").asText()));
                    softly.assertThat(runtime.metric(mbean, "connector-type")).as("%s connector-type", mbean)
                            .isEqualTo(status.path("type").asText());
                    softly.assertThat(runtime.metric(mbean, "connector-class")).as("%s connector-class", mbean)
                            .isEqualTo(CLASSES.get(role));
                    List<String> tasks = runtime.taskStates(role);
                    for (int task = 0; task < tasks.size(); task++) {
                        String taskMBean = "kafka.connect:type=connector-task-metrics,connector=" + connector + ",task=" + task;
                        softly.assertThat(runtime.metric(taskMBean, "status")).as("%s status", taskMBean)
                                .isEqualTo(lower(tasks.get(task)));
                    }
                }
            });
        }
    }

    @Test
    void recordCountsMatchTheInput() {
        for (MetricsRuntime runtime : List.of(apache, ferry)) {
            awaitValues(runtime, softly -> {
                String source = "kafka.connect:type=source-task-metrics,connector=" + runtime.connector(SOURCE) + ",task=0";
                String sink = "kafka.connect:type=sink-task-metrics,connector=" + runtime.connector(SINK) + ",task=0";
                for (String[] metric : new String[][] {{source, "source-record-poll-total"}, {source, "source-record-write-total"},
                        {sink, "sink-record-read-total"}, {sink, "sink-record-send-total"}}) {
                    softly.assertThat(number(runtime.metric(metric[0], metric[1]))).as("%s %s", metric[0], metric[1])
                            .isEqualTo((double) LINES);
                }
            });
        }
    }

    @Test
    void workerCountsMatchRest() {
        for (MetricsRuntime runtime : List.of(apache, ferry)) {
            awaitValues(runtime, softly -> {
                String worker = "kafka.connect:type=connect-worker-metrics";
                int tasks = 0;
                for (String role : ROLES) {
                    List<String> states = runtime.taskStates(role);
                    tasks += states.size();
                    String mbean = worker + ",connector=" + runtime.connector(role);
                    for (String state : List.of("RUNNING", "PAUSED", "FAILED")) {
                        String attribute = "connector-" + lower(state) + "-task-count";
                        softly.assertThat(number(runtime.metric(mbean, attribute))).as("%s %s", mbean, attribute)
                                .isEqualTo((double) states.stream().filter(state::equals).count());
                    }
                    softly.assertThat(number(runtime.metric(mbean, "connector-total-task-count")))
                            .as("%s connector-total-task-count", mbean).isEqualTo((double) states.size());
                }
                int connectors = runtime.worker.rest().getJson("/connectors").size();
                softly.assertThat(number(runtime.metric(worker, "connector-count"))).as("%s connector-count", worker)
                        .isEqualTo((double) connectors);
                // Every task the worker was given counts, the failed one too: it stays assigned until it is restarted.
                softly.assertThat(number(runtime.metric(worker, "task-count"))).as("%s task-count", worker)
                        .isEqualTo((double) tasks);
            });
        }
    }

    private interface ValueChecks {
        void check(SoftAssertions softly) throws Exception;
    }

    /** Polls until every check of the runtime passes; on the deadline, fails with all checks that still do not. */
    private static void awaitValues(MetricsRuntime runtime, ValueChecks checks) {
        await(runtime.label + " metric values").atMost(SETTLE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            SoftAssertions softly = new SoftAssertions();
            checks.check(softly);
            softly.assertAll();
        });
    }

    private static Set<MetricNames.Key> names(MetricsRuntime runtime) throws Exception {
        return MetricNames.normalise(runtime.jmx.attributesByName(DOMAINS), runtime.tag, runtime.worker.workerId());
    }

    private static String lower(String state) {
        return state.toLowerCase(Locale.ROOT);
    }

    /** Kafka's metrics are doubles over JMX; anything else (an absence) is kept as it is for the message. */
    private static Object number(Object value) {
        return value instanceof Number n ? n.doubleValue() : value;
    }
}
