package io.ferry.runtime.metrics.prometheus;

import io.ferry.runtime.metrics.prometheus.JmxNamingRules.Sample;
import io.ferry.runtime.metrics.prometheus.JmxNamingRules.Type;
import org.junit.jupiter.api.Test;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka Connect's JMX names become the Prometheus series Kafka Connect dashboards expect. */
class JmxNamingRulesTest {

    private static Optional<Sample> sample(String mbean, String attribute, Object value) {
        try {
            return JmxNamingRules.sample(new ObjectName(mbean), attribute, value);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Sample named(String mbean, String attribute, Object value) {
        return sample(mbean, attribute, value).orElseThrow(() -> new AssertionError(mbean + " " + attribute + " not exported"));
    }

    @Test
    void taskCountersAndGaugesAreNamedAfterTheirGroupAndAttribute() {
        Sample written = named("kafka.connect:type=source-task-metrics,connector=orders,task=0",
                "source-record-write-total", 42.0);
        assertThat(written).isEqualTo(new Sample("kafka_connect_source_task_source_record_write", Type.COUNTER,
                Map.of("connector", "orders", "task", "0"), 42.0));
        assertThat(named("kafka.connect:type=connector-task-metrics,connector=orders,task=0", "running-ratio", 0.5))
                .isEqualTo(new Sample("kafka_connect_connector_task_running_ratio", Type.GAUGE,
                        Map.of("connector", "orders", "task", "0"), 0.5));
        assertThat(named("kafka.connect:type=task-error-metrics,connector=orders,task=0", "total-record-failures", 3.0)
                .name()).isEqualTo("kafka_connect_task_error_total_record_failures");
    }

    @Test
    void pluginsOwnMetricsAreNamedAfterTheirNameWithTheirConnectorAndTask() {
        assertThat(named("kafka.connect:type=plugins,connector=sensors,task=0", "mqtt-messages-received-total", 7.0))
                .isEqualTo(new Sample("kafka_connect_plugins_mqtt_messages_received", Type.COUNTER,
                        Map.of("connector", "sensors", "task", "0"), 7.0));
        assertThat(named("kafka.connect:type=plugins,connector=sensors,task=0", "mqtt-messages-unacknowledged", 3))
                .isEqualTo(new Sample("kafka_connect_plugins_mqtt_messages_unacknowledged", Type.GAUGE,
                        Map.of("connector", "sensors", "task", "0"), 3.0));
        assertThat(named("kafka.connect:type=plugins,connector=sensors", "tables-watched", 4))
                .isEqualTo(new Sample("kafka_connect_plugins_tables_watched", Type.GAUGE, Map.of("connector", "sensors"), 4.0));
    }

    @Test
    void statesAndClassesBecomeLabelsOfASeriesWithValueOne() {
        assertThat(named("kafka.connect:type=connector-task-metrics,connector=orders,task=1", "status", "failed"))
                .isEqualTo(new Sample("kafka_connect_connector_task_status", Type.GAUGE,
                        Map.of("connector", "orders", "task", "1", "status", "failed"), 1.0));
        assertThat(named("kafka.connect:type=connector-metrics,connector=orders", "connector-class", "a.B"))
                .isEqualTo(new Sample("kafka_connect_connector_connector_class", Type.GAUGE,
                        Map.of("connector", "orders", "connector_class", "a.B"), 1.0));
        assertThat(named("kafka.connect:type=connect-worker-rebalance-metrics", "leader-name", "http://w:8083/"))
                .isEqualTo(new Sample("kafka_connect_worker_rebalance_leader_name", Type.UNTYPED,
                        Map.of("leader_name", "http://w:8083/"), 1.0));
    }

    @Test
    void workerAndRebalanceMetricsHaveNoLabelsButTheirConnector() {
        assertThat(named("kafka.connect:type=connect-worker-metrics", "connector-startup-attempts-total", 2.0))
                .isEqualTo(new Sample("kafka_connect_worker_connector_startup_attempts", Type.COUNTER, Map.of(), 2.0));
        assertThat(named("kafka.connect:type=connect-worker-metrics,connector=orders", "connector-running-task-count", 4L))
                .isEqualTo(new Sample("kafka_connect_worker_connector_running_task_count", Type.GAUGE,
                        Map.of("connector", "orders"), 4.0));
        assertThat(named("kafka.connect:type=connect-worker-rebalance-metrics", "time-since-last-rebalance-ms", 5.0)
                .name()).isEqualTo("kafka_connect_worker_rebalance_time_since_last_rebalance_ms");
    }

    @Test
    void clientMetricsKeepTheQuotedClientIdAsJmxWritesIt() {
        assertThat(named("kafka.connect:type=connect-coordinator-metrics,client-id=\"connect-h:8083\"",
                "assigned-tasks", 3.0)).isEqualTo(new Sample("kafka_connect_coordinator_assigned_tasks", Type.GAUGE,
                Map.of("clientid", "\"connect-h:8083\""), 3.0));
        assertThat(named("kafka.producer:type=producer-metrics,client-id=connector-producer-orders-0",
                "record-send-total", 9.0)).isEqualTo(new Sample("kafka_producer_record_send", Type.COUNTER,
                Map.of("clientid", "connector-producer-orders-0"), 9.0));
        assertThat(named("kafka.consumer:type=consumer-fetch-manager-metrics,client-id=c,topic=t,partition=0",
                "records-lag", 7.0)).isEqualTo(new Sample("kafka_consumer_fetch_manager_records_lag", Type.GAUGE,
                Map.of("clientid", "c", "topic", "t", "partition", "0"), 7.0));
        assertThat(named("kafka.admin.client:type=app-info,client-id=a", "start-time-ms", 1_500.0))
                .isEqualTo(new Sample("kafka_admin_client_start_time_seconds", Type.GAUGE, Map.of("clientid", "a"), 1.5));
        assertThat(named("kafka.producer:type=app-info,client-id=p", "version", "4.3.1"))
                .isEqualTo(new Sample("kafka_producer_version", Type.INFO, Map.of("clientid", "p", "version", "4.3.1"), 1.0));
    }

    @Test
    void whatTheRulesDoNotNameIsNotExported() {
        assertThat(sample("kafka.connect:type=connector-task-metrics,connector=o,task=0", "offset-commit-success-percentage", 1.0))
                .isEmpty();
        assertThat(sample("kafka.producer:type=producer-metrics,client-id=p", "record-send-rate", 1.0)).isEmpty();
        assertThat(sample("kafka.connect:type=connector-task-metrics,connector=o,task=0", "task-class", "a.Task")).isEmpty();
        assertThat(sample("kafka.connect:type=app-info,id=w", "Version", "4.3.1")).isEmpty();
    }

    @Test
    void theActiveCountsMaximumAndAverageShareTheCountsNameAsUnderTheExporter() {
        assertThat(named("kafka.connect:type=source-task-metrics,connector=o,task=0", "source-record-active-count-max", 5.0)
                .name()).isEqualTo("kafka_connect_source_task_source_record_active_count");
    }
}
