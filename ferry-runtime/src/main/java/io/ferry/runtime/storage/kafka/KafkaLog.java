package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A compacted topic read from its beginning and followed for as long as the worker runs, plus a producer to append to
 * it. {@link #readToEnd()} completes once every record that was in the topic when it was called has been handed to
 * the callback, which is how a store makes sure it has seen its own writes and everybody else's.
 * <p>
 * A log given an admin client lists the end of the topic through it ({@link EndOffsetLister}): the consumer's own
 * end offsets would wait behind its fetch, held by the broker for up to {@code fetch.max.wait.ms} once the log has
 * read everything, which made every read to the end (each config change, each rebalance) half a second slower.
 * A log whose consumer reads {@code read_committed} (the internal topics of a worker with exactly-once source support)
 * reads to the topic's high watermark rather than to the last stable offset, so such a read to the end waits until
 * the transactions open on the topic have completed.
 */
public final class KafkaLog<K, V> {

    private static final Logger log = LoggerFactory.getLogger(KafkaLog.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private static final Duration END_OFFSETS_TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final Supplier<Producer<K, V>> producers;
    private final Supplier<org.apache.kafka.clients.consumer.Consumer<K, V>> consumers;
    /**
     * Where the end of the topic is listed; null without an admin client (or with brokers too old for its request),
     * when the consumer lists it. Touched by the log's thread only.
     */
    private EndOffsetLister endOffsetLister;
    private final boolean readCommitted;
    private final java.util.function.Consumer<ConsumerRecord<K, V>> callback;
    private final ConcurrentLinkedQueue<ReadRequest> readRequests = new ConcurrentLinkedQueue<>();
    private Producer<K, V> producer;
    private org.apache.kafka.clients.consumer.Consumer<K, V> consumer;
    private Thread thread;
    private volatile boolean stopping;

    /**
     * A wish to have read the topic to its end; {@code committedEndOnly}: to what is committed now (the last stable
     * offset), not past transactions still open.
     */
    private record ReadRequest(CompletableFuture<Void> done, boolean committedEndOnly) {
    }

    /**
     * @param admin lists the end of the topic (required when the consumer reads {@code read_committed}); shared, not
     *              closed by this log
     */
    public KafkaLog(String topic, Map<String, Object> producerProps, Map<String, Object> consumerProps, Admin admin,
                    java.util.function.Consumer<ConsumerRecord<K, V>> callback) {
        this(topic, producerProps == null ? null : () -> new KafkaProducer<>(producerProps),
                () -> new KafkaConsumer<>(consumerProps), readsCommitted(consumerProps), admin, callback);
    }

    /** With the clients given by the suppliers (fakes, in unit tests). */
    KafkaLog(String topic, Supplier<Producer<K, V>> producers,
             Supplier<org.apache.kafka.clients.consumer.Consumer<K, V>> consumers, boolean readCommitted, Admin admin,
             java.util.function.Consumer<ConsumerRecord<K, V>> callback) {
        if (readCommitted && admin == null) {
            throw new IllegalArgumentException("A log of " + topic + " read with isolation.level=read_committed needs "
                    + "an admin client to list the end of the topic");
        }
        this.topic = topic;
        this.producers = producers;
        this.consumers = consumers;
        this.endOffsetLister = admin == null ? null : new EndOffsetLister(admin);
        this.readCommitted = readCommitted;
        this.callback = callback;
    }

    private static boolean readsCommitted(Map<String, Object> consumerProps) {
        Object isolation = consumerProps.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        return isolation != null && IsolationLevel.READ_COMMITTED.toString().equalsIgnoreCase(isolation.toString().trim());
    }

    /**
     * Reads the whole topic once, then keeps following it on a thread of its own.
     *
     * @throws UnsupportedVersionException when the log reads {@code read_committed} and the brokers cannot list the
     *                                     end of the topic for an admin client (the log is stopped then)
     */
    public void start(Duration timeout) {
        start(timeout, false);
    }

    /**
     * @param committedEndOnly read at start only to what is committed now, not past transactions still open (which
     *                         a worker killed during them leaves open up to the producers' transaction timeout); for a
     *                         store whose readers read to the end themselves before they rely on it
     */
    public void start(Duration timeout, boolean committedEndOnly) {
        consumer = consumers.get();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        List<TopicPartition> partitions = partitions(deadline);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        if (producers != null) {
            producer = producers.get();
        }
        CompletableFuture<Void> initial = new CompletableFuture<>();
        readRequests.add(new ReadRequest(initial, committedEndOnly));
        thread = new Thread(this::run, "kafka-log-" + topic);
        thread.setDaemon(true);
        thread.start();
        try {
            initial.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ConnectException("Could not read topic " + topic + " to its end within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnsupportedVersionException unsupported) {
                stop();
                throw unsupported;
            }
            throw new ConnectException("Could not read topic " + topic, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while reading topic " + topic);
        }
        log.info("Read topic {} ({} partitions) to its end", topic, partitions.size());
    }

    private List<TopicPartition> partitions(long deadline) {
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofMillis(Math.max(1, deadline - System.currentTimeMillis())));
            if (infos != null && !infos.isEmpty()) {
                List<TopicPartition> result = new ArrayList<>();
                infos.forEach(p -> result.add(new TopicPartition(p.topic(), p.partition())));
                return result;
            }
            if (System.currentTimeMillis() >= deadline) {
                throw new ConnectException("Topic " + topic + " has no partitions that this worker can see");
            }
            Utils.sleep(100);
        }
    }

    /** Completes when everything written to the topic before this call has been read. */
    public CompletableFuture<Void> readToEnd() {
        CompletableFuture<Void> request = new CompletableFuture<>();
        readRequests.add(new ReadRequest(request, false));
        consumer.wakeup();
        return request;
    }

    /** Reads to the end, waiting at most {@code timeout}; false if that did not happen in time. */
    public boolean readToEnd(Duration timeout) {
        try {
            readToEnd().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public CompletableFuture<RecordMetadata> send(K key, V value) {
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(metadata);
            }
        });
        return result;
    }

    public void flush() {
        producer.flush();
    }

    public String topic() {
        return topic;
    }

    public void stop() {
        stopping = true;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
        }
        readRequests.forEach(r -> r.done().completeExceptionally(new ConnectException("Stopped reading " + topic)));
    }

    private void run() {
        List<ReadRequest> waiting = new ArrayList<>();
        Map<TopicPartition, Long> target = null;
        try {
            while (!stopping) {
                try {
                    if ((!readRequests.isEmpty() || !waiting.isEmpty()) && target == null) {
                        ReadRequest r;
                        while ((r = readRequests.poll()) != null) {
                            waiting.add(r);
                        }
                        try {
                            target = endOffsets(waiting.stream().allMatch(ReadRequest::committedEndOnly));
                        } catch (UnsupportedVersionException e) {
                            // Retrying will not help: the brokers are too old for the admin client's request.
                            log.error("Cannot read {} to its end: {}", topic, e.getMessage());
                            waiting.forEach(w -> w.done().completeExceptionally(e));
                            waiting.clear();
                            continue;
                        }
                    }
                    if (target != null && reached(target)) {
                        waiting.forEach(w -> w.done().complete(null));
                        waiting.clear();
                        target = null;
                        continue;
                    }
                    ConsumerRecords<K, V> records = consumer.poll(POLL);
                    for (ConsumerRecord<K, V> record : records) {
                        try {
                            callback.accept(record);
                        } catch (RuntimeException e) {
                            log.error("Could not apply record at offset {} of {}", record.offset(), topic, e);
                        }
                    }
                } catch (WakeupException e) {
                    // A read-to-end request or a stop: handled at the top of the loop.
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    log.warn("Reading {} timed out ({}); retrying", topic, e.getMessage());
                } catch (RuntimeException e) {
                    log.error("Unexpected error while reading {}; retrying", topic, e);
                    Utils.sleep(500);
                }
            }
        } finally {
            waiting.forEach(w -> w.done().completeExceptionally(new ConnectException("Stopped reading " + topic)));
            Utils.closeQuietly(consumer, "log consumer of " + topic);
        }
    }

    private Map<TopicPartition, Long> endOffsets(boolean committedEndOnly) {
        if (endOffsetLister == null) {
            return consumer.endOffsets(consumer.assignment(), END_OFFSETS_TIMEOUT);
        }
        if (!readCommitted) {
            try {
                return endOffsetLister.highWatermarks(consumer.assignment(), END_OFFSETS_TIMEOUT);
            } catch (UnsupportedVersionException e) {
                // Brokers too old for the admin client's request: the consumer lists the end from now on.
                log.debug("Listing the end of {} with its consumer: {}", topic, e.getMessage());
                endOffsetLister = null;
                return endOffsets(committedEndOnly);
            }
        }
        // Listed even when not waited for: brokers that cannot list them fail the start of the store.
        Map<TopicPartition, Long> highWatermark = endOffsetLister.highWatermarks(consumer.assignment(), END_OFFSETS_TIMEOUT);
        if (!committedEndOnly) {
            return highWatermark;
        }
        // Only at start (nothing is in flight yet): the consumer's end is the last stable offset.
        return consumer.endOffsets(consumer.assignment(), END_OFFSETS_TIMEOUT);
    }

    private boolean reached(Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
