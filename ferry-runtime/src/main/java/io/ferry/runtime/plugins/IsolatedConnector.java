package io.ferry.runtime.plugins;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.ConnectorContext;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

import java.util.List;
import java.util.Map;

/** A source or sink connector whose every call runs with its plugin's class loader current. */
public final class IsolatedConnector extends Isolated<Connector> {

    public IsolatedConnector(Connector connector, ClassLoader loader) {
        super(connector, loader);
    }

    public boolean isSink() {
        return SinkConnector.class.isAssignableFrom(pluginClass());
    }

    /** What the connector's {@code version()} answers, null when it fails: the version its statuses carry. */
    public String declaredVersion() {
        try {
            return call(Connector::version);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public void initialize(ConnectorContext context) {
        run(c -> c.initialize(context));
    }

    public void start(Map<String, String> props) {
        run(c -> c.start(props));
    }

    public void stop() {
        run(Connector::stop);
    }

    public Class<? extends Task> taskClass() {
        return call(Connector::taskClass);
    }

    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return call(c -> c.taskConfigs(maxTasks));
    }

    public ConfigDef config() {
        return call(Connector::config);
    }

    public Config validate(Map<String, String> props) {
        return call(c -> c.validate(props));
    }

    /** What a source connector says of exactly-once delivery with this config (null when it does not say). */
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> config) {
        return call(c -> ((SourceConnector) c).exactlyOnceSupport(config));
    }

    /** Whether a source connector can define its own transaction boundaries with this config (null: it does not say). */
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> config) {
        return call(c -> ((SourceConnector) c).canDefineTransactionBoundaries(config));
    }

    /** Lets a sink connector alter the offsets it keeps outside Kafka; true when it did. Null offsets reset. */
    public boolean alterSinkOffsets(Map<String, String> config, Map<TopicPartition, Long> offsets) {
        return call(c -> ((SinkConnector) c).alterOffsets(config, offsets));
    }

    /** Lets a source connector alter the offsets it keeps outside Kafka; true when it did. Null offsets reset. */
    public boolean alterSourceOffsets(Map<String, String> config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        return call(c -> ((SourceConnector) c).alterOffsets(config, offsets));
    }
}
