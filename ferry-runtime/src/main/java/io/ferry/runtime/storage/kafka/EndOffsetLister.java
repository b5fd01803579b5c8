package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.connect.errors.ConnectException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The end of each partition of a topic as an admin client lists it: on a connection of its own, so the answer comes at
 * once, where a consumer's own {@code endOffsets} waits behind the fetch it has in flight (which the broker holds for up
 * to {@code fetch.max.wait.ms} when the consumer has read everything, as a log's consumer has).
 * <p>
 * Listed without isolation, the end is the high watermark, which counts the records of transactions still open. A
 * {@code read_committed} consumer's own end offsets stop at the last stable offset, before any open transaction;
 * reading up to the high watermark instead means waiting until those transactions commit or abort, so a reader never
 * acts on a state that an open transaction is about to change.
 */
final class EndOffsetLister {

    private final Admin admin;

    EndOffsetLister(Admin admin) {
        this.admin = admin;
    }

    /**
     * The high watermark of each partition: its end counting the records of transactions still open.
     *
     * @throws UnsupportedVersionException when the brokers cannot list offsets for an admin client
     * @throws TimeoutException or another {@link RetriableException} when the brokers did not answer in time
     * @throws ConnectException for any other failure, such as a missing authorization
     */
    Map<TopicPartition, Long> highWatermarks(Set<TopicPartition> partitions, Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        ListOffsetsResult result = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition partition : partitions) {
            try {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                ends.put(partition, result.partitionResult(partition).get(left, TimeUnit.MILLISECONDS).offset());
            } catch (ExecutionException e) {
                throw failure(partition, e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new TimeoutException("Timed out listing the end offset of " + partition);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while listing the end offset of " + partition);
            }
        }
        return ends;
    }

    private static RuntimeException failure(TopicPartition partition, Throwable cause) {
        if (cause instanceof UnsupportedVersionException) {
            return new UnsupportedVersionException("The brokers cannot list the end offsets of topic "
                    + partition.topic() + " for an admin client", cause);
        }
        if (cause instanceof RetriableException retriable) {
            return retriable;
        }
        if (cause instanceof AuthorizationException) {
            return new ConnectException("Not authorized to list the end offsets of topic " + partition.topic(), cause);
        }
        return new ConnectException("Could not list the end offsets of topic " + partition.topic(), cause);
    }
}
