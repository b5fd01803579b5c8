package io.ferry.runtime.worker;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Tracks the records a source task has handed to the producer. The offset of a source partition may be committed
 * only up to the newest record that Kafka acknowledged together with every earlier record of that partition;
 * acknowledgements can arrive out of order, so each partition keeps its records in poll order.
 * <p>
 * An acknowledgement settles the acknowledged records at the head of their partition at once, keeping only the
 * newest committable offset per partition: records are held from {@link #submit} until Kafka has them, not until the
 * next offset commit, which at a high rate would keep hundreds of thousands of them (and their offsets) in memory.
 */
final class SubmittedRecords {

    private final Map<Map<String, Object>, PartitionRecords> byPartition = new HashMap<>();
    private final Map<Map<String, Object>, Map<String, Object>> committable = new HashMap<>();
    private final Time time;
    private int outstanding;

    SubmittedRecords(Time time) {
        this.time = time;
    }

    /** Registers a record about to be sent. */
    @SuppressWarnings("unchecked")
    synchronized Submitted submit(Map<String, ?> partition, Map<String, ?> offset) {
        PartitionRecords records = byPartition.computeIfAbsent((Map<String, Object>) partition, PartitionRecords::new);
        Submitted record = new Submitted(records, (Map<String, Object>) offset);
        records.unsettled.addLast(record);
        outstanding++;
        return record;
    }

    /**
     * The offset of the last record, per partition, that was acknowledged together with every earlier one since the
     * previous call. Partitions with nothing newly committable are absent.
     */
    synchronized Map<Map<String, Object>, Map<String, Object>> takeCommittable() {
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>(committable);
        committable.clear();
        return offsets;
    }

    synchronized int outstanding() {
        return outstanding;
    }

    /** How many records are held: those not acknowledged yet, and acknowledged ones behind them. */
    synchronized int held() {
        return byPartition.values().stream().mapToInt(p -> p.unsettled.size()).sum();
    }

    /** Waits until every submitted record is acknowledged; false if the time ran out. */
    synchronized boolean awaitAllAcked(long timeoutMs) throws InterruptedException {
        return awaitOutstandingBelow(1, timeoutMs);
    }

    /** Waits until fewer than {@code limit} submitted records await their acknowledgement; false if the time ran out. */
    synchronized boolean awaitOutstandingBelow(int limit, long timeoutMs) throws InterruptedException {
        if (outstanding < limit) {
            return true;
        }
        try {
            // Waits on this object's monitor, which every acknowledgement notifies.
            time.waitObject(this, () -> outstanding < limit, time.milliseconds() + timeoutMs);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Removes the acknowledged records at the head of the partition, remembering the offset of the last one. */
    private void settle(PartitionRecords records) {
        Submitted last = null;
        while (!records.unsettled.isEmpty() && records.unsettled.peekFirst().acked) {
            last = records.unsettled.pollFirst();
        }
        if (last != null) {
            committable.put(records.partition, last.offset);
        }
        if (records.unsettled.isEmpty()) {
            byPartition.remove(records.partition, records);
        }
    }

    /** The records of one source partition not yet settled, in the order they were submitted. */
    private static final class PartitionRecords {
        private final Map<String, Object> partition;
        private final Deque<Submitted> unsettled = new ArrayDeque<>();

        private PartitionRecords(Map<String, Object> partition) {
            this.partition = partition;
        }
    }

    /** A record given to the producer, acknowledged by the producer's callback. */
    final class Submitted {
        private final PartitionRecords records;
        private final Map<String, Object> offset;
        private boolean acked;

        private Submitted(PartitionRecords records, Map<String, Object> offset) {
            this.records = records;
            this.offset = offset;
        }

        void ack() {
            synchronized (SubmittedRecords.this) {
                if (!acked) {
                    acked = true;
                    outstanding--;
                    settle(records);
                    SubmittedRecords.this.notifyAll();
                }
            }
        }

        /** Forgets a record whose send failed before it reached the producer (it will be sent again). */
        void drop() {
            synchronized (SubmittedRecords.this) {
                if (records.unsettled.removeLastOccurrence(this)) {
                    if (!acked) {
                        outstanding--;
                        SubmittedRecords.this.notifyAll();
                    }
                    settle(records);
                }
            }
        }
    }
}
