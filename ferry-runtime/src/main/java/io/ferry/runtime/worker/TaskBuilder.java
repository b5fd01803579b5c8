package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.config.DistributedConfig;
import io.ferry.runtime.config.SinkConnectorConfig;
import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.metrics.ConnectMetrics;
import io.ferry.runtime.metrics.SinkTaskMetrics;
import io.ferry.runtime.metrics.SourceTaskMetrics;
import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.metrics.TaskMetrics;
import io.ferry.runtime.metrics.WorkerMetrics;
import io.ferry.runtime.model.ComponentState;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedSinkTask;
import io.ferry.runtime.plugins.IsolatedSourceTask;
import io.ferry.runtime.plugins.IsolatedTask;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.OffsetBackingStore;
import io.ferry.runtime.storage.OffsetCodec;
import io.ferry.runtime.storage.OffsetStorageReaderImpl;
import io.ferry.runtime.storage.OffsetStorageWriter;
import io.ferry.runtime.storage.TransactionalOffsetStore;
import io.ferry.runtime.worker.errors.DeadLetterQueueReporter;
import io.ferry.runtime.worker.errors.LogReporter;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a task with everything it runs with: the plugin task, its converters and transformations, its error handling
 * (log, dead letter queue), its Kafka clients, its offset reader and writer, and its metrics. What was built is closed
 * again when a later step fails, so a task that cannot be built leaves nothing open behind it.
 */
final class TaskBuilder {

    private final WorkerConfig config;
    private final Plugins plugins;
    private final SourceOffsetStores offsetStores;
    private final OffsetCodec offsetCodec;
    private final Converters converters;
    private final ClientConfigs clientConfigs;
    private final TopicTracker topicTracker;
    private final ConnectMetrics metrics;
    private final WorkerMetrics workerMetrics;
    private final Time time;
    private volatile TaskFencing fencing = TaskFencing.NONE;

    TaskBuilder(WorkerConfig config, Plugins plugins, SourceOffsetStores offsetStores, OffsetCodec offsetCodec,
                Converters converters, ClientConfigs clientConfigs, TopicTracker topicTracker, ConnectMetrics metrics,
                WorkerMetrics workerMetrics, Time time) {
        this.config = config;
        this.plugins = plugins;
        this.offsetStores = offsetStores;
        this.offsetCodec = offsetCodec;
        this.converters = converters;
        this.clientConfigs = clientConfigs;
        this.topicTracker = topicTracker;
        this.metrics = metrics;
        this.workerMetrics = workerMetrics;
        this.time = time;
    }

    /** How the exactly-once source tasks built from now on are fenced and checked as they start. */
    void useTaskFencing(TaskFencing fencing) {
        this.fencing = fencing;
    }

    /**
     * @param connector       the connector's plugin, whose class loader the task's classes come from
     * @param connectorConfig the connector's config, {@code ${...}} references resolved
     * @param taskConfig      the task's config, resolved
     */
    WorkerTask build(ConnectorTaskId id, PluginDesc<?> connector, Map<String, String> connectorConfig,
                     Map<String, String> taskConfig, TargetState target, StatusListener<ConnectorTaskId> listener) {
        ClassLoader loader = connector.loader();
        ConnectorConfig common = plugins.withPluginNames(() -> new ConnectorConfig(connectorConfig));
        IsolatedTask<?> task = plugins.newTask(taskConfig.get(ConnectorConfig.TASK_CLASS_CONFIG), loader);
        List<AutoCloseable> built = new ArrayList<>();
        try {
            ConverterSet converterSet = converters.forConnector(connectorConfig, loader);
            built.add(converterSet);
            TaskMetrics taskMetrics = new TaskMetrics(metrics, id,
                    target == TargetState.PAUSED ? ComponentState.PAUSED : ComponentState.RUNNING,
                    pluginInfo(connector, task, converterSet));
            built.add(taskMetrics);
            listener = new RecordingStatusListener<>(listener, taskMetrics::recordState, workerMetrics::recordTaskStartup);
            TaskErrorMetrics errorMetrics = new TaskErrorMetrics(metrics, id);
            built.add(errorMetrics);
            RetryWithToleranceOperator errors = new RetryWithToleranceOperator(
                    common.getLong(ConnectorConfig.ERRORS_RETRY_TIMEOUT_CONFIG),
                    common.getLong(ConnectorConfig.ERRORS_RETRY_MAX_DELAY_CONFIG), common.toleratesAllErrors(), time,
                    errorMetrics);
            built.add(errors);
            if (common.getBoolean(ConnectorConfig.ERRORS_LOG_ENABLE_CONFIG)) {
                errors.addReporter(new LogReporter(id,
                        common.getBoolean(ConnectorConfig.ERRORS_LOG_INCLUDE_MESSAGES_CONFIG), errorMetrics));
            }
            PluginMetrics pluginMetrics = metrics.pluginMetrics("connector", id.connector(), "task", String.valueOf(id.task()));
            if (task instanceof IsolatedSourceTask sourceTask) {
                TransformationChain<SourceRecord> chain = Transformations.chain(connectorConfig, plugins);
                built.add(chain);
                addPluginMetrics(taskMetrics, chain);
                SourceTaskMetrics sourceMetrics = new SourceTaskMetrics(metrics, id);
                built.add(sourceMetrics);
                boolean exactlyOnce = config instanceof DistributedConfig cluster && cluster.exactlyOnceSourceEnabled();
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(exactlyOnce
                        ? clientConfigs.transactionalProducer(id, connectorConfig,
                                ((DistributedConfig) config).transactionalId(id.connector(), id.task()))
                        : clientConfigs.producer(id, connectorConfig));
                built.add(producer);
                LazyAdmin admin = new LazyAdmin(clientConfigs.admin("connector-adminclient-" + id, connectorConfig));
                TopicCreation topicCreation = TopicCreation.fromConfig(
                        config.getBoolean(WorkerConfig.TOPIC_CREATION_ENABLE_CONFIG), connectorConfig);
                OffsetBackingStore offsets = offsetStores.forConnector(connectorConfig);
                OffsetStorageReaderImpl offsetReader = new OffsetStorageReaderImpl(id.connector(), offsets, offsetCodec);
                long commitTimeoutMs = config.getLong(WorkerConfig.OFFSET_COMMIT_TIMEOUT_MS_CONFIG);
                if (exactlyOnce) {
                    // The offsets go with the records, in the task's transactions.
                    OffsetStorageWriter offsetWriter = new OffsetStorageWriter(id.connector(),
                            new TransactionalOffsetStore(offsets, producer), offsetCodec);
                    return new ExactlyOnceWorkerSourceTask(id, sourceTask, taskConfig, target, listener, converterSet,
                            chain, errors, producer, admin, topicCreation, offsetReader, offsetWriter, pluginMetrics,
                            taskMetrics, sourceMetrics, topicTracker, commitTimeoutMs,
                            transactionBoundaries(connectorConfig), fencing, fencing.generation(id.connector()), time);
                }
                return new WorkerSourceTask(id, sourceTask, taskConfig, target, listener, converterSet, chain,
                        errors, producer, admin, topicCreation, offsetReader,
                        new OffsetStorageWriter(id.connector(), offsets, offsetCodec),
                        pluginMetrics, taskMetrics, sourceMetrics, topicTracker, commitTimeoutMs, time);
            }
            SinkConnectorConfig sinkConfig = plugins.withPluginNames(() -> new SinkConnectorConfig(connectorConfig));
            TransformationChain<SinkRecord> chain = Transformations.chain(connectorConfig, plugins);
            built.add(chain);
            addPluginMetrics(taskMetrics, chain);
            if (!sinkConfig.dlqTopic().isEmpty()) {
                errors.addReporter(deadLetterQueue(id, sinkConfig, connectorConfig, errorMetrics));
            }
            boolean errantReporter = !sinkConfig.dlqTopic().isEmpty()
                    || common.getBoolean(ConnectorConfig.ERRORS_LOG_ENABLE_CONFIG);
            SinkTaskMetrics sinkMetrics = new SinkTaskMetrics(metrics, id);
            built.add(sinkMetrics);
            KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(clientConfigs.consumer(id, connectorConfig));
            built.add(consumer);
            return new WorkerSinkTask(id, (IsolatedSinkTask) task, taskConfig, target, listener, converterSet, chain,
                    errors, consumer, errantReporter, pluginMetrics, taskMetrics, sinkMetrics, topicTracker,
                    config.getLong(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG), sinkConfig.topics(),
                    sinkConfig.topicsRegex(), time);
        } catch (RuntimeException | Error e) {
            // Plugin code may throw errors too (a class built for another version: NoSuchMethodError, ...).
            for (AutoCloseable c : built) {
                Utils.closeQuietly(c, "task resource");
            }
            throw e;
        }
    }

    /** Where an exactly-once task's transactions end ({@code transaction.boundary}). */
    private TransactionBoundaries transactionBoundaries(Map<String, String> connectorConfig) {
        return TransactionBoundaries.fromConfig(connectorConfig,
                config.getLong(WorkerConfig.OFFSET_COMMIT_INTERVAL_MS_CONFIG), time);
    }

    private DeadLetterQueueReporter deadLetterQueue(ConnectorTaskId id, SinkConnectorConfig sinkConfig,
                                                    Map<String, String> connectorConfig, TaskErrorMetrics metrics) {
        String topic = sinkConfig.dlqTopic();
        try (LazyAdmin admin = new LazyAdmin(clientConfigs.admin("connector-dlq-adminclient-" + id, connectorConfig))) {
            DeadLetterQueueTopic.ensure(admin.get(), topic, sinkConfig.dlqReplicationFactor());
        }
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(clientConfigs.deadLetterQueueProducer(id, connectorConfig));
        return new DeadLetterQueueReporter(id, topic, sinkConfig.dlqContextHeaders(), producer, metrics);
    }

    /** The classes and versions of a task's plugins, as {@code connector-task-metrics} reports them (KIP-891). */
    private Map<String, String> pluginInfo(PluginDesc<?> connector, IsolatedTask<?> task, ConverterSet converters) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("connector-class", connector.className());
        info.put("connector-type", connector.type() == PluginType.SINK ? "sink" : "source");
        info.put("connector-version", connector.version());
        info.put("task-class", task.pluginClass().getName());
        info.put("task-version", task.version());
        converterInfo(info, "key-converter", converters.key().pluginClass());
        converterInfo(info, "value-converter", converters.value().pluginClass());
        converterInfo(info, "header-converter", converters.header().pluginClass());
        return info;
    }

    /** The class and version of each transformation and predicate of the task, by alias (KIP-891). */
    private void addPluginMetrics(TaskMetrics taskMetrics, TransformationChain<?> chain) {
        Set<String> predicates = new HashSet<>();
        for (TransformationStage<?> stage : chain.stages()) {
            Class<?> transformation = stage.transformationClass();
            taskMetrics.addPlugin("transform", stage.alias(), transformation.getName(),
                    version(transformation, PluginType.TRANSFORMATION));
            if (stage.predicateAlias() != null && predicates.add(stage.predicateAlias())) {
                taskMetrics.addPlugin("predicate", stage.predicateAlias(), stage.predicateClass().getName(),
                        version(stage.predicateClass(), PluginType.PREDICATE));
            }
        }
    }

    private String version(Class<?> pluginClass, PluginType... types) {
        return plugins.find(pluginClass.getName(), types).map(PluginDesc::version).orElse(PluginDesc.UNDEFINED_VERSION);
    }

    private void converterInfo(Map<String, String> info, String kind, Class<?> converterClass) {
        info.put(kind + "-class", converterClass.getName());
        info.put(kind + "-version", version(converterClass, PluginType.CONVERTER, PluginType.HEADER_CONVERTER));
    }
}
