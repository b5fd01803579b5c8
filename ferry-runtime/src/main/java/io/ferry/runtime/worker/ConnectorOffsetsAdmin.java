package io.ferry.runtime.worker;

import io.ferry.runtime.model.InvalidRequestException;
import io.ferry.runtime.model.ConnectorOffsets;
import io.ferry.runtime.model.ConnectorOffsets.ConnectorOffset;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.Message;
import io.ferry.runtime.plugins.IsolatedConnector;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.Plugins;
import io.ferry.runtime.storage.OffsetBackingStore;
import io.ferry.runtime.storage.OffsetCodec;
import io.ferry.runtime.storage.TransactionalOffsetStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnector;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads, alters and resets a connector's offsets (KIP-875): source offsets in the offset store the connector uses,
 * sink offsets in the consumer group {@code connect-<name>}. The connector's {@code alterOffsets} hook is told first, so connectors
 * that keep offsets elsewhere can follow. With exactly-once sources, source offsets are written in a transaction.
 */
final class ConnectorOffsetsAdmin {

    static final String KAFKA_TOPIC = "kafka_topic";
    static final String KAFKA_PARTITION = "kafka_partition";
    static final String KAFKA_OFFSET = "kafka_offset";
    private static final long TIMEOUT_MS = 90_000;

    private final Plugins plugins;
    private final Function<Map<String, String>, OffsetBackingStore> stores;
    private final OffsetCodec codec;
    private final ClientConfigs clientConfigs;
    /** A task's transactional id when source connectors run exactly once, else null. */
    private final BiFunction<String, Integer, String> transactionalIds;

    ConnectorOffsetsAdmin(Plugins plugins, Function<Map<String, String>, OffsetBackingStore> stores, OffsetCodec codec,
                          ClientConfigs clientConfigs, BiFunction<String, Integer, String> transactionalIds) {
        this.plugins = plugins;
        this.stores = stores;
        this.codec = codec;
        this.clientConfigs = clientConfigs;
        this.transactionalIds = transactionalIds;
    }

    ConnectorOffsets offsets(String name, PluginDesc<?> plugin, Map<String, String> config) {
        if (SinkConnector.class.isAssignableFrom(plugin.pluginClass())) {
            try (Admin admin = admin(name, config)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ClientConfigs.sinkGroupId(name))
                        .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                List<ConnectorOffset> result = new ArrayList<>();
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        Map<String, Object> partition = new LinkedHashMap<>();
                        partition.put(KAFKA_TOPIC, tp.topic());
                        partition.put(KAFKA_PARTITION, tp.partition());
                        result.add(new ConnectorOffset(partition, Map.of(KAFKA_OFFSET, offset.offset())));
                    }
                });
                return new ConnectorOffsets(result);
            } catch (Exception e) {
                throw new ConnectException("Failed to retrieve consumer group offsets for sink connector " + name, unwrap(e));
            }
        }
        List<ConnectorOffset> result = new ArrayList<>();
        Map<ByteBuffer, ByteBuffer> all = stores.apply(config).all();
        for (Map.Entry<ByteBuffer, ByteBuffer> e : all.entrySet()) {
            OffsetCodec.KeyParts key = codec.decodeKey(e.getKey());
            if (key != null && name.equals(key.connector()) && key.partition() != null && e.getValue() != null) {
                result.add(new ConnectorOffset(key.partition(), codec.decodeValue(name, e.getValue())));
            }
        }
        return new ConnectorOffsets(result);
    }

    /** Alters offsets, or resets all of them when {@code offsets} is null. */
    Message modify(String name, PluginDesc<?> plugin, Map<String, String> config, Map<Map<String, ?>, Map<String, ?>> offsets) {
        boolean reset = offsets == null;
        IsolatedConnector connector = plugins.newConnector(plugin);
        boolean externalHandled = connector.isSink()
                ? modifySink(name, connector, config, offsets)
                : modifySource(name, connector, config, offsets);
        String kind = reset ? "reset" : "altered";
        return new Message(externalHandled
                ? "The offsets for this connector have been " + kind + " successfully"
                : "The Connect framework-managed offsets for this connector have been " + kind + " successfully. However, "
                + "if this connector manages offsets externally, they will need to be manually " + kind
                + " in the system that the connector uses.");
    }

    private boolean modifySource(String name, IsolatedConnector connector, Map<String, String> config,
                                 Map<Map<String, ?>, Map<String, ?>> offsets) {
        OffsetBackingStore store = stores.apply(config);
        Map<Map<String, ?>, Map<String, ?>> toWrite = new HashMap<>();
        if (offsets == null) {
            codec.partitionsOf(name, store.all()).forEach(p -> toWrite.put(p, null));
        } else {
            for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
                if (e.getKey() == null) {
                    throw new InvalidRequestException("Source partitions may not be null");
                }
                // Read back through the stored form, so the connector sees the types its tasks will see.
                ByteBuffer value = codec.encodeValue(name, e.getValue());
                toWrite.put(codec.decodeKey(codec.encodeKey(name, e.getKey())).partition(),
                        value == null ? null : codec.decodeValue(name, value));
            }
        }
        boolean handled = alterOffsets(name, () -> connector.alterSourceOffsets(config, toWrite));
        if (toWrite.isEmpty()) {
            return handled;
        }
        Map<ByteBuffer, ByteBuffer> serialized = new HashMap<>();
        toWrite.forEach((partition, offset) -> serialized.put(codec.encodeKey(name, partition), codec.encodeValue(name, offset)));
        try {
            if (transactionalIds == null) {
                store.set(serialized).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } else {
                writeAsTaskZero(name, config, store, serialized);
            }
        } catch (Exception e) {
            throw new ConnectException("Failed to modify offsets for source connector " + name, unwrap(e));
        }
        return handled;
    }

    /**
     * With exactly-once sources, offsets are written as the connector's task 0 writes them: in a transaction of its
     * transactional id, which also fences any task 0 still running on a worker cut off from the cluster.
     */
    private void writeAsTaskZero(String name, Map<String, String> config, OffsetBackingStore store,
                                 Map<ByteBuffer, ByteBuffer> offsets) throws Exception {
        ConnectorTaskId taskZero = new ConnectorTaskId(name, 0);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(clientConfigs.transactionalProducer(taskZero,
                config, transactionalIds.apply(name, 0)))) {
            producer.initTransactions();
            producer.beginTransaction();
            new TransactionalOffsetStore(store, producer).set(offsets).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            producer.commitTransaction();
        }
    }

    private boolean modifySink(String name, IsolatedConnector connector, Map<String, String> config,
                               Map<Map<String, ?>, Map<String, ?>> offsets) {
        String group = ClientConfigs.sinkGroupId(name);
        try (Admin admin = admin(name, config)) {
            if (offsets == null) {
                Map<TopicPartition, Long> all = new HashMap<>();
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .keySet().forEach(tp -> all.put(tp, null));
                boolean handled = alterOffsets(name, () -> connector.alterSinkOffsets(config, all));
                try {
                    admin.deleteConsumerGroups(Set.of(group)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                }
                return handled;
            }
            Map<TopicPartition, Long> parsed = parseSinkOffsets(offsets);
            boolean handled = alterOffsets(name, () -> connector.alterSinkOffsets(config, parsed));
            Map<TopicPartition, OffsetAndMetadata> toAlter = new HashMap<>();
            List<TopicPartition> toDelete = new ArrayList<>();
            parsed.forEach((tp, offset) -> {
                if (offset == null) {
                    toDelete.add(tp);
                } else {
                    toAlter.put(tp, new OffsetAndMetadata(offset));
                }
            });
            if (!toAlter.isEmpty()) {
                admin.alterConsumerGroupOffsets(group, toAlter).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            if (!toDelete.isEmpty()) {
                admin.deleteConsumerGroupOffsets(group, Set.copyOf(toDelete)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            return handled;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownMemberIdException || cause instanceof GroupSubscribedToTopicException
                    || cause instanceof GroupNotEmptyException) {
                throw new ConnectException("Failed to modify consumer group offsets for connector " + name + " because its "
                        + "tasks have not stopped completely yet; retry once the connector is stopped", cause);
            }
            throw new ConnectException("Failed to modify consumer group offsets for connector " + name, cause);
        } catch (InterruptedException | TimeoutException e) {
            throw new ConnectException("Failed to modify consumer group offsets for connector " + name, e);
        }
    }

    private interface AlterCall {
        boolean call();
    }

    private static boolean alterOffsets(String name, AlterCall call) {
        try {
            return call.call();
        } catch (UnsupportedOperationException e) {
            throw new ConnectException("Failed to modify offsets for connector " + name
                    + " because it doesn't support external modification of offsets", e);
        }
    }

    /** Sink offsets from a request: {@code {"kafka_topic","kafka_partition"}} to {@code {"kafka_offset"}} or null. */
    static Map<TopicPartition, Long> parseSinkOffsets(Map<Map<String, ?>, Map<String, ?>> offsets) {
        Map<TopicPartition, Long> result = new HashMap<>();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> e : offsets.entrySet()) {
            Map<String, ?> partition = e.getKey();
            if (partition == null) {
                throw new InvalidRequestException("The partition for a sink connector offset cannot be null or missing");
            }
            if (!partition.containsKey(KAFKA_TOPIC) || !partition.containsKey(KAFKA_PARTITION)) {
                throw new InvalidRequestException("The partition for a sink connector offset must contain the keys '"
                        + KAFKA_TOPIC + "' and '" + KAFKA_PARTITION + "'");
            }
            if (partition.get(KAFKA_TOPIC) == null) {
                throw new InvalidRequestException("Kafka topic names must be valid strings and may not be null");
            }
            if (partition.get(KAFKA_PARTITION) == null) {
                throw new InvalidRequestException("Kafka partitions must be valid numbers and may not be null");
            }
            int partitionNumber;
            try {
                partitionNumber = Integer.parseInt(String.valueOf(partition.get(KAFKA_PARTITION)));
            } catch (NumberFormatException ex) {
                throw new InvalidRequestException("Failed to parse the following Kafka partition value in the provided offsets: '"
                        + partition.get(KAFKA_PARTITION) + "'. Partition values for sink connectors need to be integers.");
            }
            TopicPartition tp = new TopicPartition(String.valueOf(partition.get(KAFKA_TOPIC)), partitionNumber);
            Map<String, ?> offset = e.getValue();
            if (offset == null) {
                result.put(tp, null);
                continue;
            }
            if (!offset.containsKey(KAFKA_OFFSET)) {
                throw new InvalidRequestException("The offset for a sink connector should either be null or contain the key '"
                        + KAFKA_OFFSET + "'");
            }
            try {
                result.put(tp, Long.parseLong(String.valueOf(offset.get(KAFKA_OFFSET))));
            } catch (NumberFormatException ex) {
                throw new InvalidRequestException("Failed to parse the following Kafka offset value in the provided offsets: '"
                        + offset.get(KAFKA_OFFSET) + "'. Offset values for sink connectors need to be integers.");
            }
        }
        return result;
    }

    private Admin admin(String name, Map<String, String> config) {
        return Admin.create(clientConfigs.admin("connector-worker-adminclient-" + name, config));
    }

    private static Throwable unwrap(Exception e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }
}
