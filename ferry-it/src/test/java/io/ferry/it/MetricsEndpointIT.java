package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import io.ferry.testsupport.PrometheusText;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /metrics} scraped and parsed as Prometheus does, after records flowed through a source and a sink and a
 * third connector's task failed: the series carry the names and labels the usual JMX exporter rules give Kafka
 * Connect's metrics, and their values say what happened.
 */
class MetricsEndpointIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();
    private static final int LINES = 150;

    private static PrometheusText scrape(Rest rest) {
        Rest.Response response = rest.get("/metrics");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("text/plain").contains("version=0.0.4");
        return PrometheusText.parse(response.body());
    }

    @Test
    void recordsFailuresAndStatesShowUnderKafkaConnectsUsualNames(@TempDir Path dir) {
        Path input = dir.resolve("in.txt");
        Path output = dir.resolve("out.txt");
        Lines.append(input, Lines.numbered(1, LINES));
        // The failed task's automatic restart is scheduled, but far enough ahead to stay FAILED during the test.
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)
                .with("auto.restart.initial.delay.ms", "600000")) {
            long started = System.currentTimeMillis();
            worker.start(
                    connector("m-source", Map.of("connector.class", "FileStreamSource", "file", input.toString(),
                            "topic", "metrics-lines")),
                    connector("m-sink", Map.of("connector.class", "FileStreamSink", "file", output.toString(),
                            "topics", "metrics-lines")),
                    connector("m-failing", Map.of("connector.class", "FailingSource", "topic", "metrics-failing",
                            "fail.on", "start")));
            worker.awaitTaskState("m-failing", 0, "FAILED");
            await().atMost(Duration.ofSeconds(60)).until(() -> Lines.read(output).size() == LINES);
            String[] source = {"connector", "m-source", "task", "0"};
            String[] sink = {"connector", "m-sink", "task", "0"};
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                PrometheusText metrics = scrape(worker.rest());
                assertThat(metrics.value("kafka_connect_source_task_source_record_write_total", source)).contains((double) LINES);
                assertThat(metrics.value("kafka_connect_sink_task_sink_record_send_total", sink)).contains((double) LINES);
            });

            PrometheusText metrics = scrape(worker.rest());
            assertThat(metrics.find("kafka_connect_source_task_source_record_write_total")).first()
                    .extracting(PrometheusText.Sample::type).isEqualTo("counter");
            assertThat(metrics.value("kafka_connect_source_task_source_record_poll_total", source)).contains((double) LINES);
            assertThat(metrics.value("kafka_connect_sink_task_sink_record_read_total", sink)).contains((double) LINES);
            assertThat(metrics.value("kafka_connect_sink_task_partition_count", sink)).contains(1.0);
            assertThat(metrics.value("kafka_connect_connector_task_running_ratio", source)).hasValueSatisfying(
                    ratio -> assertThat(ratio).isBetween(0.5, 1.0));
            assertThat(metrics.value("kafka_connect_connector_status", "connector", "m-sink", "status", "running"))
                    .contains(1.0);
            assertThat(metrics.value("kafka_connect_connector_connector_type", "connector", "m-source",
                    "connector_type", "source")).contains(1.0);
            assertThat(metrics.value("kafka_connect_connector_task_status", "connector", "m-source", "task", "0",
                    "status", "running")).contains(1.0);
            assertThat(metrics.value("kafka_connect_worker_connector_count")).contains(3.0);
            assertThat(metrics.value("kafka_connect_worker_task_startup_failure_total")).contains(1.0);
            assertThat(metrics.value("kafka_connect_worker_connector_failed_task_count", "connector", "m-failing"))
                    .contains(1.0);
            // The failed task keeps its metrics, with status failed, as in Apache Kafka Connect.
            assertThat(metrics.value("kafka_connect_connector_task_status", "connector", "m-failing", "task", "0",
                    "status", "failed")).contains(1.0);
            // Ferry's own state series: one line alerts on any failed task.
            assertThat(metrics.find("ferry_task_state", "state", "FAILED"))
                    .extracting(s -> s.labels().get("connector")).containsExactly("m-failing");
            assertThat(metrics.value("ferry_connector_state", "connector", "m-source", "state", "RUNNING")).contains(1.0);
            String[] failing = {"connector", "m-failing", "task", "0"};
            assertThat(metrics.value("ferry_auto_restart_attempts", failing)).contains(0.0);
            assertThat(metrics.value("ferry_auto_restart_gave_up", failing)).contains(0.0);
            assertThat(metrics.value("ferry_auto_restart_next_attempt_timestamp_seconds", failing)).hasValueSatisfying(
                    next -> assertThat(next).isGreaterThan(started / 1000.0 + 400));
            // The Kafka clients' own metrics, by client id, and the JVM's.
            assertThat(metrics.value("kafka_producer_record_send_total", "clientid", "connector-producer-m-source-0"))
                    .contains((double) LINES);
            assertThat(metrics.find("kafka_consumer_fetch_manager_records_lag", "clientid",
                    "connector-consumer-m-sink-0", "topic", "metrics-lines", "partition", "0")).hasSize(1);
            assertThat(metrics.find("jvm_memory_used_bytes")).isNotEmpty();
        }
    }

    @Test
    void openMetricsIsAnsweredWhenTheScraperAsksForIt(@TempDir Path dir) {
        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start();
            Rest.Response response = worker.rest().send("GET", "/metrics", null, null,
                    Map.of("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).startsWith("application/openmetrics-text");
            assertThat(response.body()).contains("# TYPE kafka_connect_worker_connector_startup_attempts counter")
                    .endsWith("# EOF\n");
        }
    }
}
