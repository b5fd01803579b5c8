package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.worker.ClientConfigs;
import org.apache.kafka.clients.ApiVersions;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.GroupRebalanceConfig;
import org.apache.kafka.clients.Metadata;
import org.apache.kafka.clients.NetworkClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.internals.ConsumerNetworkClient;
import org.apache.kafka.common.internals.ClusterResourceListeners;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Membership through Kafka's group coordinator: a {@link WorkerCoordinator} and the network client it runs on. */
final class WorkerGroupMember implements GroupMembership {

    private final Metrics metrics;
    private final String clientId;
    private final Metadata metadata;
    private final ConsumerNetworkClient client;
    private final WorkerCoordinator coordinator;

    WorkerGroupMember(DistributedConfig config, String url, Time time, WorkerCoordinator.Listener listener) {
        String clientId = config.getString(CommonClientConfigs.CLIENT_ID_CONFIG);
        if (clientId == null || clientId.isEmpty()) {
            java.net.URI uri = java.net.URI.create(url);
            clientId = "connect-" + uri.getHost() + ":" + uri.getPort();
        }
        LogContext logContext = new LogContext("[Worker clientId=" + clientId + ", groupId=" + config.groupId() + "] ");
        Map<String, Object> props = new ClientConfigs(config).common();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        for (String key : new String[]{CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG,
                CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG,
                CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, CommonClientConfigs.METADATA_MAX_AGE_CONFIG,
                CommonClientConfigs.CONNECTIONS_MAX_IDLE_MS_CONFIG, CommonClientConfigs.SEND_BUFFER_CONFIG,
                CommonClientConfigs.RECEIVE_BUFFER_CONFIG}) {
            props.put(key, config.originals().getOrDefault(key, DistributedConfig.configDef().defaultValues().get(key)));
        }
        ConsumerConfig clientConfig = new ConsumerConfig(props);
        long retryBackoff = config.getLong(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG);
        long retryBackoffMax = config.getLong(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG);
        // Registered as Apache Kafka Connect does: kafka.connect:type=connect-coordinator-metrics,client-id=<id> etc.
        MetricConfig metricConfig = new MetricConfig()
                .samples(config.getInt(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG))
                .timeWindow(config.getLong(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG), TimeUnit.MILLISECONDS)
                .tags(Map.of("client-id", clientId));
        List<MetricsReporter> reporters = new ArrayList<>(config.getConfiguredInstances(
                CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, MetricsReporter.class,
                Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, clientId)));
        JmxReporter jmx = new JmxReporter();
        jmx.configure(config.originals());
        reporters.add(jmx);
        this.metrics = new Metrics(metricConfig, reporters, time, new KafkaMetricsContext(ConnectMetrics.JMX_PREFIX));
        this.clientId = clientId;
        AppInfoParser.registerAppInfo(ConnectMetrics.JMX_PREFIX, clientId, metrics, time.milliseconds());
        this.metadata = new Metadata(retryBackoff, retryBackoffMax, config.getLong(CommonClientConfigs.METADATA_MAX_AGE_CONFIG),
                logContext, new ClusterResourceListeners());
        metadata.bootstrap(ClientUtils.parseAndValidateAddresses(clientConfig));
        NetworkClient network = ClientUtils.createNetworkClient(clientConfig, metrics, "connect", logContext,
                new ApiVersions(), time, 100, metadata, null, null);
        int requestTimeout = config.getInt(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG);
        this.client = new ConsumerNetworkClient(logContext, network, metadata, time, retryBackoff, requestTimeout,
                Integer.MAX_VALUE);
        GroupRebalanceConfig rebalance = new GroupRebalanceConfig(
                config.getInt(CommonClientConfigs.SESSION_TIMEOUT_MS_CONFIG),
                config.getInt(CommonClientConfigs.REBALANCE_TIMEOUT_MS_CONFIG),
                config.getInt(CommonClientConfigs.HEARTBEAT_INTERVAL_MS_CONFIG),
                config.groupId(), Optional.empty(), null, retryBackoff, retryBackoffMax);
        this.coordinator = new WorkerCoordinator(rebalance, logContext, client, metrics, time, url,
                config.getInt(DistributedConfig.SCHEDULED_REBALANCE_MAX_DELAY_MS_CONFIG), config.signsInternalRequests(),
                listener);
    }

    @Override
    public void poll(long timeoutMs) {
        coordinator.poll(timeoutMs);
    }

    @Override
    public void wakeup() {
        coordinator.wakeup();
    }

    @Override
    public void requestRejoin(String reason) {
        coordinator.requestRejoin(reason);
    }

    @Override
    public boolean rejoinNeededOrPending() {
        return coordinator.rejoinNeededOrPending();
    }

    @Override
    public WorkerAssignment current() {
        return coordinator.current();
    }

    @Override
    public String memberId() {
        return coordinator.memberIdOrEmpty();
    }

    @Override
    public boolean sessioned() {
        return coordinator.sessioned();
    }

    @Override
    public void close() {
        try {
            coordinator.leaveAndClose(5_000);
        } catch (RuntimeException e) {
            Utils.closeQuietly(coordinator, "worker coordinator");
        }
        Utils.closeQuietly(client, "group network client");
        Utils.closeQuietly(metadata, "group metadata");
        AppInfoParser.unregisterAppInfo(ConnectMetrics.JMX_PREFIX, clientId, metrics);
        Utils.closeQuietly(metrics, "group metrics");
    }
}
