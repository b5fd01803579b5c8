package io.ferry.connectors.s3;

import io.ferry.connectors.common.ErrantRecords;
import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes each topic-partition's records as objects of consecutive offsets, each object whole in one PUT. Every
 * record is in exactly one object: when a partition is assigned, the task finds the last offset already in the store
 * and skips what the store holds (so a task killed after writing an object and before its offsets were committed
 * does not write those records again); offsets are committed only up to the records in written objects, so records
 * still in memory when a task dies are delivered again. Everything runs on the task's thread.
 */
public class S3SinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(S3SinkTask.class);

    private final Map<TopicPartition, PartitionBuffer> buffers = new HashMap<>();
    /** Per partition, the first offset not yet in the store: what the worker may commit. */
    private final Map<TopicPartition, Long> stored = new HashMap<>();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private S3SinkConfig config;
    /** From the config once, for every record. */
    private boolean json;
    private ObjectNames names;
    private S3Client s3;
    private ErrantRecords errant;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new S3SinkConfig(props);
        json = config.json();
        names = new ObjectNames(config.prefix());
        s3 = S3Clients.build(config);
        errant = new ErrantRecords(context);
        TaskGauges.of(context::pluginMetrics)
                .gauge("s3-objects-written-total", "Objects written to the store.", objects::get)
                .gauge("s3-records-written-total", "Records in the objects written.", records::get);
        log.info("S3 sink task writing {} objects to {}", config.getString(S3Config.FORMAT), config.where());
    }

    /** Finds, for each new partition, the last offset the store already holds, and resumes after it. */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> rewind = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long next = nextOffsetInStore(tp);
            buffers.put(tp, new PartitionBuffer());
            if (next >= 0) {
                stored.put(tp, next);
                rewind.put(tp, next);
            } else {
                stored.remove(tp);
            }
        }
        if (!rewind.isEmpty()) {
            log.info("S3 sink task resuming after the objects in the store: {}", rewind);
            context.offset(rewind);
        }
    }

    private long nextOffsetInStore(TopicPartition tp) {
        long last = -1;
        try {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(config.getString(S3Config.BUCKET))
                    .prefix(names.directory(tp.topic(), tp.partition())).build();
            for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
                ObjectNames.Parsed parsed = ObjectNames.parse(object.key());
                if (parsed != null && parsed.partition() == tp.partition() && parsed.topic().equals(tp.topic())) {
                    last = Math.max(last, parsed.lastOffset());
                }
            }
        } catch (SdkException e) {
            throw new ConnectException("Cannot list the objects of " + tp + " in " + config.where() + ": " + e.getMessage(), e);
        }
        return last < 0 ? -1 : last + 1;
    }

    @Override
    public void put(Collection<SinkRecord> sinkRecords) {
        long now = System.currentTimeMillis();
        for (SinkRecord record : sinkRecords) {
            TopicPartition tp = new TopicPartition(record.topic(), record.kafkaPartition());
            Long next = stored.get(tp);
            if (next != null && record.kafkaOffset() < next) {
                continue; // Already in the store (delivered before the rewind to the store's position took effect).
            }
            byte[] line;
            try {
                line = json ? RecordValues.toJson(record.value()) : RecordValues.toBytes(record.value());
            } catch (DataException e) {
                errant.refuse(record, e);
                continue;
            }
            PartitionBuffer buffer = buffers.computeIfAbsent(tp, p -> new PartitionBuffer());
            buffer.add(record.kafkaOffset(), line, now);
            writeIfFull(tp, buffer, now);
        }
        for (Map.Entry<TopicPartition, PartitionBuffer> entry : buffers.entrySet()) {
            writeIfFull(entry.getKey(), entry.getValue(), now);
        }
    }

    private void writeIfFull(TopicPartition tp, PartitionBuffer buffer, long now) {
        if (buffer.full(config.getInt(S3SinkConfig.MAX_RECORDS), config.getInt(S3SinkConfig.MAX_BYTES),
                config.getLong(S3SinkConfig.MAX_AGE_MS), now)) {
            write(tp, buffer);
        }
    }

    private void write(TopicPartition tp, PartitionBuffer buffer) {
        String key = names.key(tp.topic(), tp.partition(), buffer.firstOffset(), buffer.lastOffset(), config.json(), config.gzip());
        try {
            s3.putObject(PutObjectRequest.builder().bucket(config.getString(S3Config.BUCKET)).key(key)
                    .contentType(config.json() ? "application/x-ndjson" : "application/octet-stream")
                    .contentEncoding(config.gzip() ? "gzip" : null).build(), RequestBody.fromBytes(buffer.bytes(config.gzip())));
        } catch (SdkException e) {
            // The records stay in memory and the offsets uncommitted: the next put tries again, or a restart does.
            throw new ConnectException("Cannot write " + key + " to " + config.where() + ": " + e.getMessage(), e);
        }
        objects.incrementAndGet();
        records.addAndGet(buffer.records());
        stored.put(tp, buffer.lastOffset() + 1);
        buffer.clear();
    }

    /**
     * Writes objects that have grown old, then commits no further than the records in written objects; what is still
     * in memory is delivered again after a failure.
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        long now = System.currentTimeMillis();
        buffers.forEach((tp, buffer) -> writeIfFull(tp, buffer, now));
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        for (TopicPartition tp : currentOffsets.keySet()) {
            Long next = stored.get(tp);
            if (next != null) {
                committable.put(tp, new OffsetAndMetadata(next));
            }
        }
        return committable;
    }

    /** Revoked partitions: their unwritten records are the next owner's, from the committed offset or the store. */
    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            buffers.remove(tp);
            stored.remove(tp);
        }
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
        }
    }
}
