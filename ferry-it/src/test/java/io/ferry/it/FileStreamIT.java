package io.ferry.it;

import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.ferry.it.support.StandaloneWorker.connector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Apache's own FileStreamSource and FileStreamSink, unmodified from Maven Central, copy a file through Kafka.
 */
class FileStreamIT {

    private static final int LINES = 100_000;
    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    private static Map<String, String> source(Path input, String topic) {
        return Map.of("connector.class", "FileStreamSource", "tasks.max", "1", "file", input.toString(), "topic", topic);
    }

    private static Map<String, String> sink(Path output, String topic) {
        return Map.of("connector.class", "FileStreamSink", "tasks.max", "1", "file", output.toString(), "topics", topic);
    }

    @Test
    void copiesEveryLineOnceInOrder(@TempDir Path dir) {
        Path input = dir.resolve("in.txt");
        Path output = dir.resolve("out.txt");
        List<String> expected = Lines.numbered(1, LINES);
        Lines.append(input, expected);
        kafka.createTopic("copy-lines", 1, (short) 1);

        try (StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir)) {
            worker.start(connector("file-source", source(input, "copy-lines")),
                    connector("file-sink", sink(output, "copy-lines")));
            worker.awaitRunning("file-source", 1);
            worker.awaitRunning("file-sink", 1);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(() -> Lines.read(output).size() >= LINES);
        }
        assertThat(Lines.read(output)).containsExactlyElementsOf(expected);
    }

    @Test
    void resumesFromCommittedOffsetsAfterARestartMidStream(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.txt");
        Path output = dir.resolve("out.txt");
        kafka.createTopic("restart-lines", 1, (short) 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        // The file grows while the worker runs, so the worker is stopped in the middle of the stream.
        Thread writer = new Thread(() -> {
            for (int from = 1; from <= LINES && writing.get(); from += 2_000) {
                Lines.append(input, Lines.numbered(from, Math.min(LINES, from + 1_999)));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        writer.start();

        StandaloneWorker worker = new StandaloneWorker(kafka.bootstrapServers(), dir);
        worker.start(connector("file-source", source(input, "restart-lines")),
                connector("file-sink", sink(output, "restart-lines")));
        await().atMost(Duration.ofSeconds(120)).until(() -> Lines.read(output).size() >= LINES / 2);
        worker.stop();
        int beforeRestart = Lines.read(output).size();

        worker.start(connector("file-source", source(input, "restart-lines")),
                connector("file-sink", sink(output, "restart-lines")));
        writer.join(120_000);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> Lines.read(output).stream().distinct().count() >= LINES);
        worker.stop();

        List<String> out = Lines.read(output);
        Map<String, Integer> counts = new HashMap<>();
        out.forEach(l -> counts.merge(l, 1, Integer::sum));
        List<String> repeated = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        System.out.printf("Restart after %d of %d lines: %d lines were written twice %s%n", beforeRestart, LINES,
                repeated.size(), repeated.isEmpty() ? "" : "(first " + repeated.get(0) + ", last " + repeated.get(repeated.size() - 1) + ")");

        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(Lines.numbered(1, LINES));
        assertThat(out.stream().distinct().toList()).as("first occurrences are in order").containsExactlyElementsOf(Lines.numbered(1, LINES));
        // A graceful stop commits the offsets of everything delivered, so nothing is read or delivered twice.
        assertThat(repeated).as("lines repeated by the restart").isEmpty();
    }
}
