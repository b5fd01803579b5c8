package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The leader's writes to the config topic when {@code exactly.once.source.support} is {@code preparing} or
 * {@code enabled}, as Apache Kafka Connect makes them: each is one transaction of a producer with the cluster's single
 * transactional id, {@code connect-cluster-<group.id>}. Claiming the right to write ({@code initTransactions()})
 * fences the producer of any earlier leader, so a worker that still believes it leads after another took over can no
 * longer change connector configs, task configs or the session key: its next write fails.
 * <p>
 * A write that fails gives the producer up; the worker must claim again (a transactional producer that failed cannot
 * be trusted with the next transaction), which the herder does at its next round while it still leads.
 */
final class TransactionalConfigWriter {

    private static final Logger log = LoggerFactory.getLogger(TransactionalConfigWriter.class);

    static final String NOT_CLAIMED = "Cannot produce to config topic without claiming write privileges first";
    static final String WRITE_FAILED = "Failed to write to config topic; this may be due to a transient error and the "
            + "request can be safely retried";

    /** One record to write: a key and its value, null for a tombstone. */
    record KeyValue(String key, byte[] value) {
    }

    private final String topic;
    private final Supplier<Producer<String, byte[]>> producers;
    private Producer<String, byte[]> producer;

    TransactionalConfigWriter(String topic, Supplier<Producer<String, byte[]>> producers) {
        this.topic = topic;
        this.producers = producers;
    }

    /** Creates the producer and fences every earlier one with the same transactional id; nothing when claimed. */
    synchronized void claim() {
        if (producer != null) {
            return;
        }
        try {
            producer = producers.get();
            producer.initTransactions();
            log.info("Claimed the leader's write privileges for config topic {}", topic);
        } catch (RuntimeException e) {
            release();
            throw new ConnectException("Failed to create and initialize fencable producer for config topic", e);
        }
    }

    /** Gives the producer up (closing it at once: an open transaction has nothing worth waiting for). */
    synchronized void release() {
        if (producer != null) {
            Producer<String, byte[]> released = producer;
            producer = null;
            Utils.closeQuietly(() -> released.close(Duration.ZERO), "transactional producer of config topic " + topic);
        }
    }

    synchronized boolean claimed() {
        return producer != null;
    }

    /**
     * Writes the records in one transaction, returning once it committed.
     *
     * @throws IllegalStateException when the write privileges are not claimed
     * @throws ConnectException      when the transaction failed (the producer was fenced, say); the privileges are then
     *                               released
     */
    synchronized void write(List<KeyValue> records) {
        if (producer == null) {
            throw new IllegalStateException(NOT_CLAIMED);
        }
        try {
            producer.beginTransaction();
            records.forEach(r -> producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            log.warn("Failed to write to config topic {} as the leader; write privileges must be claimed again", topic, e);
            release();
            throw new ConnectException(WRITE_FAILED, e);
        }
    }
}
