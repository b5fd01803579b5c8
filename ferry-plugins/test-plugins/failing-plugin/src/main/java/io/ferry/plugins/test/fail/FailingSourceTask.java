package io.ferry.plugins.test.fail;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

import java.util.List;
import java.util.Map;

/** Writes numbered records and fails as configured. */
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
