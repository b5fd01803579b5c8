package io.ferry.runtime.storage;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Offsets an exactly-once task writes: in its transaction, and for a connector with its own topic, copied after. */
class TransactionalOffsetStoreTest {

    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final MemoryOffsetBackingStore workerStore = store("connect-offsets");

    private static MemoryOffsetBackingStore store(String topic) {
        return new MemoryOffsetBackingStore() {
            @Override
            public String topic() {
                return topic;
            }
        };
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void offsetsGoToTheStoresTopicInTheOpenTransactionOnly() throws Exception {
        producer.initTransactions();
        producer.beginTransaction();

        new TransactionalOffsetStore(workerStore, producer).set(Map.of(bytes("k"), bytes("v"))).get(5, TimeUnit.SECONDS);

        assertThat(producer.uncommittedRecords()).singleElement()
                .satisfies(r -> assertThat(r.topic()).isEqualTo("connect-offsets"));
        assertThat(workerStore.all()).as("the worker's store learns them by reading its topic").isEmpty();
    }

    @Test
    void aConnectorsOwnTopicGetsThemInTheTransactionAndTheWorkersOffsetsACopyOfTheUpdates() throws Exception {
        MemoryOffsetBackingStore connectorStore = store("my-offsets");
        ConnectorOffsetStore both = new ConnectorOffsetStore(connectorStore, workerStore);
        workerStore.set(Map.of(bytes("gone"), bytes("old"))).get();
        producer.initTransactions();
        producer.beginTransaction();
        Map<ByteBuffer, ByteBuffer> offsets = new HashMap<>();
        offsets.put(bytes("k"), bytes("v"));
        offsets.put(bytes("gone"), null);

        new TransactionalOffsetStore(both, producer).set(offsets).get(5, TimeUnit.SECONDS);

        assertThat(producer.uncommittedRecords()).hasSize(2)
                .allSatisfy(r -> assertThat(r.topic()).isEqualTo("my-offsets"));
        assertThat(connectorStore.all()).as("written through the producer, not the store").isEmpty();
        assertThat(workerStore.all()).isEqualTo(Map.of(bytes("k"), bytes("v")));
    }
}
