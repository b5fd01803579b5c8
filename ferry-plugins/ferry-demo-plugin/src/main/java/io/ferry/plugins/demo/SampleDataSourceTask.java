package io.ferry.plugins.demo;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes sequence numbers 1, 2, 3... as sample records. The source partition is {@code {"task": n}}, the offset
 * {@code {"seq": n}}; the key is the sequence number (INT64).
 */
public class SampleDataSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(SampleDataSourceTask.class);
    private static final long MAX_WAIT_MS = 500;

    private String topic;
    private double rate;
    private long maxRecords;
    private int batchSize;
    private int taskId;
    private SampleRecords records;
    private Map<String, Object> partition;
    private long nextSeq;
    private long written;
    private long writtenSinceStart;
    private long startNanos;
    private final Object stopSignal = new Object();
    private volatile boolean stopping;

    @Override
    public void start(Map<String, String> props) {
        AbstractConfig config = new AbstractConfig(SampleDataSourceConnector.CONFIG_DEF, props);
        topic = config.getString(SampleDataSourceConnector.TOPIC_CONFIG);
        rate = config.getDouble(SampleDataSourceConnector.RATE_CONFIG);
        maxRecords = config.getLong(SampleDataSourceConnector.MAX_RECORDS_CONFIG);
        batchSize = config.getInt(SampleDataSourceConnector.BATCH_SIZE_CONFIG);
        taskId = Integer.parseInt(props.getOrDefault(SampleDataSourceConnector.TASK_ID_CONFIG, "0"));
        records = new SampleRecords(config.getString(SampleDataSourceConnector.SCHEMA_CONFIG),
                config.getLong(SampleDataSourceConnector.SEED_CONFIG));
        partition = Map.of("task", taskId);
        Map<String, Object> offset = context.offsetStorageReader().offset(partition);
        nextSeq = offset != null && offset.get("seq") instanceof Number n ? n.longValue() + 1 : 1;
        written = nextSeq - 1;
        startNanos = System.nanoTime();
        log.info("Sample source task {} starts at sequence number {}", taskId, nextSeq);
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (maxRecords >= 0 && written >= maxRecords) {
            waitFor(MAX_WAIT_MS);
            return null;
        }
        int count = allowedNow();
        if (count == 0) {
            waitFor(Math.min(MAX_WAIT_MS, (long) Math.ceil(1000.0 / rate)));
            count = allowedNow();
            if (count == 0) {
                return null;
            }
        }
        List<SourceRecord> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long seq = nextSeq++;
            batch.add(new SourceRecord(partition, Map.of("seq", seq), topic, null, Schema.INT64_SCHEMA, seq,
                    records.schema(), records.value(seq, taskId)));
        }
        written += count;
        writtenSinceStart += count;
        return batch;
    }

    /** How many records may be written now without going over the rate and the limits. */
    private int allowedNow() {
        long limit = batchSize;
        if (maxRecords >= 0) {
            limit = Math.min(limit, maxRecords - written);
        }
        if (rate > 0) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            long due = (long) Math.floor(elapsed * rate) - writtenSinceStart;
            limit = Math.min(limit, Math.max(0, due));
        }
        return (int) Math.max(0, limit);
    }

    private void waitFor(long ms) throws InterruptedException {
        synchronized (stopSignal) {
            if (!stopping && ms > 0) {
                stopSignal.wait(ms);
            }
        }
    }

    @Override
    public void stop() {
        synchronized (stopSignal) {
            stopping = true;
            stopSignal.notifyAll();
        }
    }

    @Override
    public String version() {
        return Version.VALUE;
    }
}
