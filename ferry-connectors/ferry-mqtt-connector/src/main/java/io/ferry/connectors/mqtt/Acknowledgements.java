package io.ferry.connectors.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The source task's messages between their arrival and Kafka's acknowledgement of their records. MQTT wants a
 * session's acknowledgements in the order its messages arrived, while Kafka may acknowledge records of different
 * partitions in any order: a message's acknowledgement is sent once it and every message before it are done.
 *
 * <p>Arrivals come from the MQTT client's thread, completions from the producer's; both lock this object.
 */
final class Acknowledgements {

    /** One message awaiting Kafka. */
    static final class Pending {
        private final Runnable acknowledge;
        private boolean done;

        private Pending(Runnable acknowledge) {
            this.acknowledge = acknowledge;
        }
    }

    private final Deque<Pending> inArrivalOrder = new ArrayDeque<>();
    private long acknowledged;

    /** A message arrived; the returned handle is passed to {@link #done} once its record is in Kafka. */
    synchronized Pending arrived(Runnable acknowledge) {
        Pending pending = new Pending(acknowledge);
        inArrivalOrder.addLast(pending);
        return pending;
    }

    /** The message's record is in Kafka (or was dropped on purpose): acknowledge what may be acknowledged now. */
    synchronized void done(Pending pending) {
        pending.done = true;
        while (!inArrivalOrder.isEmpty() && inArrivalOrder.peekFirst().done) {
            inArrivalOrder.pollFirst().acknowledge.run();
            acknowledged++;
        }
    }

    /** Messages that arrived and are not acknowledged yet. */
    synchronized int outstanding() {
        return inArrivalOrder.size();
    }

    synchronized long acknowledgedTotal() {
        return acknowledged;
    }

    /**
     * Forgets every message not acknowledged, as the task stops. The broker delivers them
     * again (to a persistent session), so their records may appear twice in Kafka but are never lost.
     */
    synchronized void forgetOutstanding() {
        inArrivalOrder.clear();
    }
}
