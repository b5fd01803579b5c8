package io.ferry.clusterit;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a topic of the sample source's sequence records ({@code {"seq":n,"task":t}}) from the beginning to its
 * current end, and tells, per task, which numbers arrived and how often.
 */
final class TopicRecords {

    /** Per task: sequence number to the number of times it is in the topic. */
    final Map<Integer, TreeMap<Long, Integer>> counts = new TreeMap<>();

    static TopicRecords read(EmbeddedKafkaCluster kafka, String topic) throws IOException {
        return of(kafka.readAll(topic));
    }

    /** What a {@code read_committed} consumer sees: the records of committed transactions only. */
    static TopicRecords readCommitted(EmbeddedKafkaCluster kafka, String topic) throws IOException {
        return of(kafka.readCommitted(topic));
    }

    private static TopicRecords of(List<ConsumerRecord<byte[], byte[]>> records) throws IOException {
        TopicRecords result = new TopicRecords();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode value = Rest.JSON.readTree(r.value());
            result.counts.computeIfAbsent(value.get("task").asInt(), t -> new TreeMap<>())
                    .merge(value.get("seq").asLong(), 1, Integer::sum);
        }
        return result;
    }

    long highest(int task) {
        TreeMap<Long, Integer> seqs = counts.get(task);
        return seqs == null || seqs.isEmpty() ? 0 : seqs.lastKey();
    }

    /** Numbers between 1 and the highest that never arrived. */
    List<Long> missing(int task) {
        List<Long> result = new ArrayList<>();
        TreeMap<Long, Integer> seqs = counts.getOrDefault(task, new TreeMap<>());
        for (long n = 1; n <= highest(task); n++) {
            if (!seqs.containsKey(n)) {
                result.add(n);
            }
        }
        return result;
    }

    /** Records beyond the first copy of each number. */
    long duplicates(int task) {
        return counts.getOrDefault(task, new TreeMap<>()).values().stream().mapToLong(c -> c - 1).sum();
    }

    int timesSeen(int task, long seq) {
        return counts.getOrDefault(task, new TreeMap<>()).getOrDefault(seq, 0);
    }
}
