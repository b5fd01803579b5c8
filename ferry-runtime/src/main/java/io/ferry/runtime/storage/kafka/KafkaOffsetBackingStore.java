package io.ferry.runtime.storage.kafka;

import io.ferry.runtime.storage.OffsetBackingStore;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.connect.errors.ConnectException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source offsets in a compacted topic, with Apache Kafka Connect's key and value bytes (so either runtime resumes
 * where the other stopped). Reads first catch up with the topic, so a task sees offsets written by any worker.
 */
public final class KafkaOffsetBackingStore implements OffsetBackingStore {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaLog<byte[], byte[]> log;
    private final Map<ByteBuffer, ByteBuffer> data = new ConcurrentHashMap<>();

    public KafkaOffsetBackingStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps) {
        this(topic, producerProps, consumerProps, null);
    }

    /** @param admin lists the end of the topic when the consumer reads {@code read_committed}; see {@link KafkaLog} */
    public KafkaOffsetBackingStore(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps,
                                   Admin admin) {
        this.log = new KafkaLog<>(topic, producerProps, consumerProps, admin, this::apply);
    }

    /** Reading the log {@code logs} makes for this store's records (with fake clients, in unit tests). */
    KafkaOffsetBackingStore(java.util.function.Function<java.util.function.Consumer<ConsumerRecord<byte[], byte[]>>, KafkaLog<byte[], byte[]>> logs) {
        this.log = logs.apply(this::apply);
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(record.key());
        if (record.value() == null) {
            data.remove(key);
        } else {
            data.put(key, ByteBuffer.wrap(record.value()));
        }
    }

    @Override
    public void start() {
        try {
            // Not past open transactions: tasks killed during one leave it open up to the producers'
            // transaction.timeout.ms; an exactly-once task waits for those before it reads its own offsets.
            log.start(Duration.ofSeconds(60), true);
        } catch (UnsupportedVersionException e) {
            // Only a read_committed log (exactly-once source support) needs the admin client's ListOffsets.
            throw new ConnectException("Enabling exactly-once support for source connectors requires a Kafka broker "
                    + "version that allows admin clients to read consumer offsets. Please either disable the worker's "
                    + "exactly-once support for source connectors, or upgrade to a newer Kafka broker version.", e);
        }
    }

    @Override
    public void stop() {
        log.stop();
    }

    @Override
    public boolean readToEnd(long timeoutMs) {
        return log.readToEnd(Duration.ofMillis(timeoutMs));
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        log.readToEnd(READ_TIMEOUT);
        return OffsetBackingStore.select(data, keys);
    }

    @Override
    public CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values) {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        values.forEach((k, v) -> sends.add(log.send(bytes(k), v == null ? null : bytes(v))));
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    @Override
    public String topic() {
        return log.topic();
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> all() {
        log.readToEnd(READ_TIMEOUT);
        return new HashMap<>(data);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] result = new byte[b.remaining()];
        b.get(result);
        return result;
    }
}
