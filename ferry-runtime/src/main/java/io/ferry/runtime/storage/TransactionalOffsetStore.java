package io.ferry.runtime.storage;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.errors.ConnectException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A source task's offsets written by the task's own transactional producer to the topic its offset store reads, so
 * they are committed or aborted together with the task's records (exactly-once sources). Reads go to the store, whose
 * reader sees committed offsets only. A connector with an offsets topic of its own has them copied to the worker's
 * offsets topic too, outside the transaction, as Apache Kafka Connect does ({@link ConnectorOffsetStore}).
 */
public final class TransactionalOffsetStore implements OffsetBackingStore {

    private final OffsetBackingStore store;
    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public TransactionalOffsetStore(OffsetBackingStore store, Producer<byte[], byte[]> producer) {
        this.store = store;
        this.producer = producer;
        this.topic = store.topic();
        if (topic == null) {
            throw new ConnectException("Exactly-once source tasks need their offsets in a Kafka topic");
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        return store.get(keys);
    }

    @Override
    public CompletableFuture<Void> set(Map<ByteBuffer, ByteBuffer> values) {
        return store instanceof ConnectorOffsetStore connectorStore ? connectorStore.set(values, this::send) : send(values);
    }

    /** Sends the pairs in the producer's open transaction; completes when Kafka acknowledged them. */
    private CompletableFuture<Void> send(Map<ByteBuffer, ByteBuffer> values) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        values.forEach((key, value) -> {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            producer.send(new ProducerRecord<>(topic, OffsetCodec.toArray(key), value == null ? null : OffsetCodec.toArray(value)),
                    (metadata, error) -> {
                        if (error != null) {
                            sent.completeExceptionally(error);
                        } else {
                            sent.complete(null);
                        }
                    });
            sends.add(sent);
        });
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
    }

    @Override
    public boolean readToEnd(long timeoutMs) {
        return store.readToEnd(timeoutMs);
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> all() {
        return store.all();
    }

    @Override
    public String topic() {
        return topic;
    }
}
