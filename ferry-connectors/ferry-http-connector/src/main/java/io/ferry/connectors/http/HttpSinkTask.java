package io.ferry.connectors.http;

import io.ferry.connectors.common.ErrantRecords;
import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects records into batches and sends each batch in one request. A batch is sent when it is full, when it has
 * lingered long enough, and before every offset commit ({@link #flush}), so offsets are committed only for records
 * the server accepted. Answers worth retrying are retried ({@link HttpCaller}); when retries run out the task fails.
 * Any other error answer sends the batch's records to the dead letter queue (or fails the task when there is none).
 * Everything runs on the task's thread, except {@link #stop}, which only cuts a retry's wait short.
 */
public class HttpSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(HttpSinkTask.class);

    private final List<SinkRecord> batch = new ArrayList<>();
    private final List<byte[]> encoded = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private HttpSinkConfig config;
    private HttpCaller caller;
    private ErrantRecords errant;
    private long batchBytes;
    private long batchStartedMs;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HttpSinkConfig(props);
        caller = new HttpCaller(config);
        errant = new ErrantRecords(context);
        TaskGauges.of(context::pluginMetrics)
                .gauge("http-requests-total", "Requests sent, retries included.", caller.requests::get)
                .gauge("http-retries-total", "Requests sent again after an answer that may pass or a network error.", caller.retries::get)
                .gauge("http-records-sent-total", "Records the server accepted.", sent::get)
                .gauge("http-records-refused-total", "Records the server refused, or that could not be encoded.", errant::refused);
        log.info("HTTP sink task sending {} batches of up to {} records to {} {}", config.getString(HttpSinkConfig.BODY_FORMAT),
                config.getInt(HttpSinkConfig.MAX_RECORDS), config.getString(HttpSinkConfig.METHOD), config.url());
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        int maxRecords = config.getInt(HttpSinkConfig.MAX_RECORDS);
        int maxBytes = config.getInt(HttpSinkConfig.MAX_BYTES);
        for (SinkRecord record : records) {
            byte[] part;
            try {
                part = config.json() ? RecordValues.toJson(record.value()) : RecordValues.toBytes(record.value());
            } catch (DataException e) {
                refuse(List.of(record), e);
                continue;
            }
            if (!batch.isEmpty() && batchBytes + part.length > maxBytes) {
                send();
            }
            if (batch.isEmpty()) {
                batchStartedMs = System.currentTimeMillis();
            }
            batch.add(record);
            encoded.add(part);
            batchBytes += part.length;
            if (batch.size() >= maxRecords) {
                send();
            }
        }
        if (!batch.isEmpty() && System.currentTimeMillis() - batchStartedMs >= config.getLong(HttpSinkConfig.LINGER_MS)) {
            send();
        }
    }

    /** Sends what waits, and waits for the dead letter queue, so that the worker may commit these offsets. */
    @Override
    public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (!batch.isEmpty()) {
            send();
        }
        errant.awaitReports();
    }

    private void send() {
        String method = config.getString(HttpSinkConfig.METHOD);
        HttpRequest.Builder request = caller.request(config.url()).method(method, HttpRequest.BodyPublishers.ofByteArray(body()));
        if (!config.setsHeader("Content-Type")) {
            request.header("Content-Type", config.json() ? "application/json" : "application/octet-stream");
        }
        HttpResponse<byte[]> response;
        try {
            response = caller.send(request.build());
        } catch (HttpCaller.Stopped e) {
            throw new RetriableException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableException("Interrupted while sending to " + config.url());
        }
        List<SinkRecord> done = new ArrayList<>(batch);
        batch.clear();
        encoded.clear();
        batchBytes = 0;
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            sent.addAndGet(done.size());
        } else {
            refuse(done, new ConnectException(method + " " + config.url() + " answered " + status + ": " + HttpCaller.bodyText(response)
                    + " (" + done.size() + " record(s) from " + describe(done.get(0)) + ")"));
        }
    }

    private byte[] body() {
        if (config.json() && !config.getBoolean(HttpSinkConfig.JSON_AS_ARRAY)) {
            return encoded.get(0);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) batchBytes + batch.size() + 2);
        byte[] separator = config.json() ? new byte[] {','} : config.getString(HttpSinkConfig.SEPARATOR).getBytes(StandardCharsets.UTF_8);
        if (config.json()) {
            body.write('[');
        }
        for (int i = 0; i < encoded.size(); i++) {
            if (i > 0) {
                body.writeBytes(separator);
            }
            body.writeBytes(encoded.get(i));
        }
        if (config.json()) {
            body.write(']');
        }
        return body.toByteArray();
    }

    private static String describe(SinkRecord record) {
        return record.topic() + "-" + record.kafkaPartition() + " at offset " + record.kafkaOffset();
    }

    private void refuse(List<SinkRecord> records, RuntimeException error) {
        for (SinkRecord record : records) {
            errant.refuse(record, error);
        }
    }

    @Override
    public void stop() {
        if (caller != null) {
            caller.stop();
        }
    }
}
