package io.ferry.connectors.s3;

import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads the objects under the prefix, in key order, line by line. Each object is a source partition of its own,
 * {"bucket": ..., "key": ...}, whose offset is the number of lines read ({"line": n}) and whether the object is done:
 * a restarted task skips done objects and starts a partly read one after its last committed line. With several
 * tasks, each takes the keys whose hash falls to it. The task's thread does everything; {@link #stop} only ends a wait.
 */
public class S3SourceTask extends SourceTask {

    static final String BUCKET_KEY = "bucket";
    static final String OBJECT_KEY = "key";
    static final String LINE_KEY = "line";
    static final String DONE_KEY = "done";
    static final String TASK_INDEX = "task.index";
    static final String TASK_COUNT = "task.count";

    private static final Logger log = LoggerFactory.getLogger(S3SourceTask.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    /** An object to read, and how many of its lines the committed offsets say were read already. */
    private record Pending(String key, long skip) {
    }

    private final Deque<Pending> pending = new ArrayDeque<>();
    /** Objects this task read to their end since it started: their offsets may not be committed yet. */
    private final Set<String> finished = new HashSet<>();
    private final AtomicLong objectsRead = new AtomicLong();
    private final AtomicLong linesRead = new AtomicLong();
    private S3SourceConfig config;
    /** From the config once, for every record. */
    private boolean json;
    private boolean byObject;
    private String kafkaTopic;
    private S3Client s3;
    private int taskIndex;
    private int taskCount;
    /** The object being read: its key, reader, the next line (null at its end), and lines read so far. */
    private String current;
    private BufferedReader reader;
    private String lookahead;
    private long line;
    /** The current object's source partition, and the Kafka partition its records go to (null: the producer's choice). */
    private Map<String, String> currentPartition;
    private Integer kafkaPartition;
    private long nextListingMs;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SourceConfig(props);
        json = config.json();
        byObject = S3SourceConfig.PARTITION_OBJECT.equals(config.getString(S3SourceConfig.RECORD_PARTITION));
        kafkaTopic = config.getString(S3SourceConfig.KAFKA_TOPIC);
        taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        taskCount = Integer.parseInt(props.getOrDefault(TASK_COUNT, "1"));
        s3 = S3Clients.build(config);
        TaskGauges.of(context::pluginMetrics)
                .gauge("s3-objects-read-total", "Objects read to their end.", objectsRead::get)
                .gauge("s3-records-read-total", "Lines read into records.", linesRead::get);
        log.info("S3 source task {} of {} reading {} objects under {}", taskIndex + 1, taskCount, config.getString(S3Config.FORMAT), config.where());
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (current == null && !openNext()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>();
        int max = config.getInt(S3SourceConfig.MAX_BATCH_SIZE);
        try {
            while (records.size() < max && lookahead != null) {
                String text = lookahead;
                lookahead = reader.readLine();
                line++;
                // The object's last line marks it done, so that a restart or the next listing skips it.
                records.add(toRecord(text, lookahead == null));
            }
            if (lookahead == null) {
                finishCurrent();
            }
        } catch (IOException e) {
            throw new ConnectException("Cannot read " + current + " from " + config.where() + ": " + e.getMessage(), e);
        }
        linesRead.addAndGet(records.size());
        return records.isEmpty() ? null : records;
    }

    private void finishCurrent() throws IOException {
        finished.add(current);
        reader.close();
        reader = null;
        current = null;
        objectsRead.incrementAndGet();
    }

    /** Opens the next object to read, listing the prefix when none is pending; false when there is none. */
    private boolean openNext() throws InterruptedException {
        if (pending.isEmpty()) {
            long wait = nextListingMs - System.currentTimeMillis();
            if (wait > 0 && stopped.await(wait, TimeUnit.MILLISECONDS)) {
                return false;
            }
            list();
            nextListingMs = System.currentTimeMillis() + config.getLong(S3SourceConfig.POLL_INTERVAL_MS);
            if (pending.isEmpty()) {
                return false;
            }
        }
        Pending next = pending.pollFirst();
        open(next.key(), next.skip());
        return true;
    }

    /** The keys under the prefix that are this task's, in key order, not yet read to their end, with their committed lines. */
    private void list() {
        ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(config.getString(S3Config.BUCKET)).prefix(config.prefix()).build();
        List<String> keys = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                if (Math.floorMod(object.key().hashCode(), taskCount) == taskIndex && !object.key().endsWith("/")) {
                    keys.add(object.key());
                }
            }
        } catch (SdkException e) {
            throw new ConnectException("Cannot list " + config.where() + ": " + e.getMessage(), e);
        }
        Map<Map<String, String>, Map<String, Object>> offsets = new HashMap<>(context.offsetStorageReader().offsets(
                keys.stream().map(this::partition).toList()));
        for (String key : keys) {
            Map<String, Object> offset = offsets.get(partition(key));
            if (!finished.contains(key) && (offset == null || !Boolean.TRUE.equals(offset.get(DONE_KEY)))) {
                long skip = offset == null || offset.get(LINE_KEY) == null ? 0 : ((Number) offset.get(LINE_KEY)).longValue();
                pending.addLast(new Pending(key, skip));
            }
        }
    }

    private Map<String, String> partition(String key) {
        return Map.of(BUCKET_KEY, config.getString(S3Config.BUCKET), OBJECT_KEY, key);
    }

    private void open(String key, long skip) {
        try {
            InputStream in = s3.getObject(GetObjectRequest.builder().bucket(config.getString(S3Config.BUCKET)).key(key).build());
            if (key.endsWith(".gz")) {
                in = new GZIPInputStream(in);
            }
            reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (long i = 0; i < skip && reader.readLine() != null; i++) {
                // Lines read before the last committed offset.
            }
            lookahead = reader.readLine();
        } catch (SdkException | IOException e) {
            throw new ConnectException("Cannot read " + key + " from " + config.where() + ": " + e.getMessage(), e);
        }
        current = key;
        currentPartition = partition(key);
        ObjectNames.Parsed parsed = byObject ? ObjectNames.parse(key) : null;
        kafkaPartition = parsed == null ? null : parsed.partition();
        line = skip;
        if (skip > 0) {
            log.info("Resuming {} after line {}", key, skip);
        }
    }

    private SourceRecord toRecord(String text, boolean done) {
        SchemaAndValue value = json ? json(text) : new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, text.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> offset = done ? Map.of(LINE_KEY, line, DONE_KEY, true) : Map.of(LINE_KEY, line);
        return new SourceRecord(currentPartition, offset, kafkaTopic, kafkaPartition,
                null, null, value.schema(), value.value());
    }

    /** A JSON line: a string as a STRING value; other JSON as schemaless maps, lists and values. */
    private SchemaAndValue json(String text) {
        Object value;
        try {
            value = RecordValues.JSON.readValue(text, Object.class);
        } catch (IOException e) {
            throw new DataException("Line " + line + " of " + current + " is not JSON: " + e.getMessage(), e);
        }
        return value instanceof String ? new SchemaAndValue(Schema.OPTIONAL_STRING_SCHEMA, value) : new SchemaAndValue(null, value);
    }

    @Override
    public void stop() {
        stopped.countDown();
    }
}
