package io.ferry.plugins.test.fail;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes numbered records and fails as configured. With {@code fail.first.starts=N} and {@code start.count.file}, the
 * task counts its starts in that file (shared by every worker on the machine) and fails in the first N.
 */
public class FailingSourceTask extends SourceTask {

    private String topic;
    private String failOn;
    private int failAfter;
    private String message;
    private int sent;

    @Override
    public void start(Map<String, String> props) {
        topic = props.get("topic");
        failOn = props.getOrDefault("fail.on", "never");
        failAfter = Integer.parseInt(props.getOrDefault("fail.after.records", "0"));
        message = props.getOrDefault("fail.message", "failure on demand");
        if ("start".equals(failOn)) {
            throw new ConnectException(message);
        }
        int failFirst = Integer.parseInt(props.getOrDefault("fail.first.starts", "0"));
        if (failFirst > 0) {
            int start = countStart(Path.of(props.get("start.count.file")));
            if (start <= failFirst) {
                throw new ConnectException(message + " (start " + start + " of " + failFirst + " that fail)");
            }
        }
    }

    private static synchronized int countStart(Path file) {
        try {
            int previous = Files.exists(file) ? Integer.parseInt(Files.readString(file).trim()) : 0;
            Files.writeString(file, Integer.toString(previous + 1));
            return previous + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if ("poll".equals(failOn) && sent >= failAfter) {
            throw new ConnectException(message);
        }
        Thread.sleep(20);
        sent++;
        return List.of(new SourceRecord(Map.of("task", 0), Map.of("n", sent), topic, Schema.STRING_SCHEMA, "record-" + sent));
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return "1.0";
    }
}
