package io.ferry.runtime.worker;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Tracks the records a source task has handed to the producer. The offset of a source partition may be committed
 * only up to the newest record that Kafka acknowledged together with every earlier record of that partition;
 * acknowledgements can arrive out of order, so each partition keeps its records in poll order.
 */
final class SubmittedRecords {

    private final Map<Map<String, Object>, Deque<Submitted>> byPartition = new HashMap<>();
    private final Time time;
    private int outstanding;

    SubmittedRecords(Time time) {
        this.time = time;
    }

    /** Registers a record about to be sent. */
    @SuppressWarnings("unchecked")
    synchronized Submitted submit(Map<String, ?> partition, Map<String, ?> offset) {
        Submitted record = new Submitted((Map<String, Object>) partition, (Map<String, Object>) offset);
        byPartition.computeIfAbsent(record.partition, p -> new ArrayDeque<>()).addLast(record);
        outstanding++;
        return record;
    }

    /**
     * Removes the acknowledged records at the head of every partition and returns, per partition, the offset of the
     * last one removed. Partitions with nothing newly committable are absent.
     */
    synchronized Map<Map<String, Object>, Map<String, Object>> takeCommittable() {
        Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
        Iterator<Map.Entry<Map<String, Object>, Deque<Submitted>>> it = byPartition.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Map<String, Object>, Deque<Submitted>> entry = it.next();
            Deque<Submitted> queue = entry.getValue();
            Submitted last = null;
            while (!queue.isEmpty() && queue.peekFirst().acked) {
                last = queue.pollFirst();
            }
            if (last != null) {
                offsets.put(entry.getKey(), last.offset);
            }
            if (queue.isEmpty()) {
                it.remove();
            }
        }
        return offsets;
    }

    synchronized int outstanding() {
        return outstanding;
    }

    /** Waits until every submitted record is acknowledged; false if the time ran out. */
    synchronized boolean awaitAllAcked(long timeoutMs) throws InterruptedException {
        try {
            // Waits on this object's monitor, which every acknowledgement notifies.
            time.waitObject(this, () -> outstanding == 0, time.milliseconds() + timeoutMs);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** A record given to the producer, acknowledged by the producer's callback. */
    final class Submitted {
        private final Map<String, Object> partition;
        private final Map<String, Object> offset;
        private boolean acked;

        private Submitted(Map<String, Object> partition, Map<String, Object> offset) {
            this.partition = partition;
            this.offset = offset;
        }

        void ack() {
            synchronized (SubmittedRecords.this) {
                if (!acked) {
                    acked = true;
                    outstanding--;
                    SubmittedRecords.this.notifyAll();
                }
            }
        }

        /** Forgets a record whose send failed before it reached the producer (it will be sent again). */
        void drop() {
            synchronized (SubmittedRecords.this) {
                Deque<Submitted> queue = byPartition.get(partition);
                if (queue != null && queue.removeLastOccurrence(this)) {
                    if (!acked) {
                        outstanding--;
                        SubmittedRecords.this.notifyAll();
                    }
                    if (queue.isEmpty()) {
                        byPartition.remove(partition);
                    }
                }
            }
        }
    }
}
