package io.ferry.plugins.test.fail;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

import java.util.Collection;
import java.util.Map;

/** Accepts records until it has seen {@code fail.after.records}, then fails. */
public class FailingSinkTask extends SinkTask {

    private int failAfter;
    private String message;
    private int received;

    @Override
    public void start(Map<String, String> props) {
        failAfter = Integer.parseInt(props.getOrDefault("fail.after.records", "0"));
        message = props.getOrDefault("fail.message", "failure on demand");
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        received += records.size();
        if (received > failAfter) {
            throw new ConnectException(message);
        }
    }

    @Override
    public void stop() {
    }

    @Override
    public String version() {
        return "1.0";
    }
}
