package io.ferry.plugins.demo;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Map;

/**
 * Counts records and logs "received N records (R/s), last: topic-partition@offset key=... value=...". With
 * {@code output.file}, appends {@code String.valueOf(value)} of each record as a line, flushed when offsets commit.
 */
public class CountingSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(CountingSinkTask.class);

    private long logEvery;
    private long logIntervalMs;
    private BufferedWriter output;
    private long received;
    private long loggedCount;
    private long lastLogMillis;
    private long startMillis;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(CountingSinkConnector.CONFIG_DEF, props);
        logEvery = config.getLong(CountingSinkConnector.LOG_EVERY_RECORDS_CONFIG);
        logIntervalMs = config.getLong(CountingSinkConnector.LOG_INTERVAL_MS_CONFIG);
        String file = config.getString(CountingSinkConnector.OUTPUT_FILE_CONFIG);
        if (file != null && !file.isBlank()) {
            try {
                output = Files.newBufferedWriter(Path.of(file), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new ConnectException("Cannot open output.file " + file, e);
            }
        }
        startMillis = System.currentTimeMillis();
        lastLogMillis = startMillis;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        SinkRecord last = null;
        for (SinkRecord record : records) {
            received++;
            last = record;
            if (output != null) {
                try {
                    output.write(String.valueOf(record.value()));
                    output.newLine();
                } catch (IOException e) {
                    throw new ConnectException("Cannot write to output.file", e);
                }
            }
        }
        long now = System.currentTimeMillis();
        if (last != null && (received - loggedCount >= logEvery || now - lastLogMillis >= logIntervalMs)) {
            double seconds = Math.max(0.001, (now - lastLogMillis) / 1000.0);
            log.info("received {} records ({}/s), last: {}-{}@{} key={} value={}", received,
                    String.format("%.1f", (received - loggedCount) / seconds), last.topic(), last.kafkaPartition(),
                    last.kafkaOffset(), last.key(), abbreviate(String.valueOf(last.value())));
            loggedCount = received;
            lastLogMillis = now;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (output != null) {
            try {
                output.flush();
            } catch (IOException e) {
                throw new ConnectException("Cannot flush output.file", e);
            }
        }
    }

    @Override
    public void stop() {
        log.info("received {} records in all", received);
        if (output != null) {
            try {
                output.close();
            } catch (IOException e) {
                log.warn("Could not close output.file", e);
            }
        }
    }

    public long received() {
        return received;
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
