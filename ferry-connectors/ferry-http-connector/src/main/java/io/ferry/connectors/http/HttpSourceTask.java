package io.ferry.connectors.http;

import io.ferry.connectors.common.RecordValues;
import io.ferry.connectors.common.TaskGauges;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls the URL on the task's thread: waits for the interval (cut short when the task stops), asks for what follows
 * the current offset, and returns the answer's records, each with the offset after it. The offset is the source
 * offset of the partition {"url": the configured URL}, so a restarted task resumes where the committed records end.
 */
public class HttpSourceTask extends SourceTask {

    static final String PARTITION_KEY = "url";
    static final String OFFSET_KEY = "offset";

    private static final Logger log = LoggerFactory.getLogger(HttpSourceTask.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private HttpSourceConfig config;
    private HttpCaller caller;
    private Map<String, String> partition;
    private String offset;
    private long nextPollMs;

    @Override
    public String version() {
        return Version.VALUE;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HttpSourceConfig(props);
        caller = new HttpCaller(config);
        partition = Map.of(PARTITION_KEY, config.getString(HttpConfig.URL));
        Map<String, Object> committed = context.offsetStorageReader().offset(partition);
        Object saved = committed == null ? null : committed.get(OFFSET_KEY);
        offset = saved != null ? saved.toString() : config.getString(HttpSourceConfig.OFFSET_INITIAL);
        TaskGauges.of(context::pluginMetrics)
                .gauge("http-requests-total", "Requests sent, retries included.", caller.requests::get)
                .gauge("http-retries-total", "Requests sent again after an answer that may pass or a network error.", caller.retries::get)
                .gauge("http-records-received-total", "Records taken from the answers.", records::get);
        log.info("HTTP source task polling {} every {} ms from offset '{}'{}", config.getString(HttpConfig.URL),
                config.getLong(HttpSourceConfig.POLL_INTERVAL_MS), offset, saved != null ? " (committed)" : "");
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long wait = nextPollMs - System.currentTimeMillis();
        if (wait > 0 && stopped.await(wait, TimeUnit.MILLISECONDS)) {
            return null;
        }
        HttpResponse<byte[]> response;
        try {
            response = caller.send(request());
        } catch (HttpCaller.Stopped e) {
            return null;
        } catch (HttpCaller.RetriesExhausted e) {
            log.error("{}; polling again in {} ms", e.getMessage(), config.getLong(HttpSourceConfig.POLL_INTERVAL_MS));
            nextPollMs = System.currentTimeMillis() + config.getLong(HttpSourceConfig.POLL_INTERVAL_MS);
            return null;
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            throw new ConnectException(config.getString(HttpSourceConfig.METHOD) + " " + response.uri() + " answered " + status + ": "
                    + HttpCaller.bodyText(response));
        }
        String offsetHeader = config.getString(HttpSourceConfig.OFFSET_HEADER);
        String headerOffset = offsetHeader == null ? null : response.headers().firstValue(offsetHeader).orElse(null);
        AnswerRecords answer = AnswerRecords.parse(response.body(), headerOffset, offset, config);
        boolean movedOn = !answer.items().isEmpty() && answer.nextOffset() != null && !answer.nextOffset().equals(offset);
        // While answers bring records and move the offset on, there is more to catch up with: ask again at once.
        nextPollMs = movedOn ? 0 : System.currentTimeMillis() + config.getLong(HttpSourceConfig.POLL_INTERVAL_MS);
        offset = answer.nextOffset() != null ? answer.nextOffset() : offset;
        List<SourceRecord> result = new ArrayList<>(answer.items().size());
        for (AnswerRecords.Item item : answer.items()) {
            result.add(toRecord(item));
        }
        records.addAndGet(result.size());
        return result.isEmpty() ? null : result;
    }

    private HttpRequest request() {
        String encoded = URLEncoder.encode(offset == null ? "" : offset, StandardCharsets.UTF_8);
        URI uri = URI.create(config.getString(HttpConfig.URL).trim().replace("${offset}", encoded));
        HttpRequest.Builder request = caller.request(uri);
        if ("POST".equals(config.getString(HttpSourceConfig.METHOD))) {
            String body = config.getString(HttpSourceConfig.REQUEST_BODY);
            body = body == null ? "" : body.replace("${offset}", offset == null ? "" : offset);
            if (!config.setsHeader("Content-Type")) {
                request.header("Content-Type", "application/json");
            }
            request.POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return request.build();
    }

    private SourceRecord toRecord(AnswerRecords.Item item) {
        String key = config.keyPointer == null ? null : AnswerRecords.text(item.node().at(config.keyPointer));
        Object value;
        Schema valueSchema;
        if (HttpSourceConfig.VALUE_STRUCTURED.equals(config.getString(HttpSourceConfig.RECORD_VALUE))) {
            value = RecordValues.JSON.convertValue(item.node(), Object.class);
            valueSchema = null;
        } else {
            value = AnswerRecords.text(item.node());
            valueSchema = Schema.OPTIONAL_STRING_SCHEMA;
        }
        Map<String, ?> sourceOffset = item.offset() == null ? null : Map.of(OFFSET_KEY, item.offset());
        return new SourceRecord(partition, sourceOffset, config.getString(HttpSourceConfig.KAFKA_TOPIC), null,
                key == null ? null : Schema.OPTIONAL_STRING_SCHEMA, key, valueSchema, value);
    }

    @Override
    public void stop() {
        stopped.countDown();
        if (caller != null) {
            caller.stop();
        }
    }
}
