package io.ferry.connectors.http;

import com.fasterxml.jackson.core.JsonPointer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

import java.util.List;
import java.util.Map;

/** The HTTP source's keys. */
final class HttpSourceConfig extends HttpConfig {

    static final String METHOD = "http.method";
    static final String REQUEST_BODY = "http.request.body";
    static final String POLL_INTERVAL_MS = "http.poll.interval.ms";
    static final String RECORDS_POINTER = "http.response.records.pointer";
    static final String OFFSET_RECORD_POINTER = "http.offset.record.pointer";
    static final String OFFSET_POINTER = "http.offset.pointer";
    static final String OFFSET_HEADER = "http.offset.header";
    static final String OFFSET_INITIAL = "http.offset.initial";
    static final String KAFKA_TOPIC = "kafka.topic";
    static final String KEY_POINTER = "record.key.pointer";
    static final String RECORD_VALUE = "record.value";

    static final String VALUE_STRING = "string";
    static final String VALUE_STRUCTURED = "structured";

    private static final String RESPONSE = "HTTP response";

    static final ConfigDef DEF = define(new ConfigDef(),
            "The URL to poll, http:// or https://; ${offset} in it is replaced by the current offset (URL-encoded), "
                    + "e.g. https://api.example.com/events?since=${offset}.")
            .define(METHOD, Type.STRING, "GET", ValidString.in("GET", "POST"), Importance.MEDIUM, "GET or POST.")
            .define(REQUEST_BODY, Type.STRING, null, Importance.LOW,
                    "With POST: the request body (application/json unless http.headers says otherwise); ${offset} in it is replaced by the current offset.")
            .define(POLL_INTERVAL_MS, Type.LONG, 10_000L, Range.atLeast(0L), Importance.HIGH,
                    "How often the URL is polled. While answers bring records and move the offset on, the next request follows at once.")
            .define(KAFKA_TOPIC, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "The Kafka topic the records go to.")
            .define(RECORDS_POINTER, Type.STRING, "", HttpSourceConfig::validatePointer, Importance.HIGH,
                    "A JSON pointer to the records in the answer (e.g. /data/items). An array gives a record per element; "
                            + "anything else one record. Empty: the whole answer.", RESPONSE, 1, ConfigDef.Width.MEDIUM, "Records")
            .define(OFFSET_RECORD_POINTER, Type.STRING, null, HttpSourceConfig::validatePointer, Importance.HIGH,
                    "A JSON pointer into each record to its offset (e.g. /id or /updated_at): the offset after that record.",
                    RESPONSE, 2, ConfigDef.Width.MEDIUM, "Offset in each record")
            .define(OFFSET_POINTER, Type.STRING, null, HttpSourceConfig::validatePointer, Importance.HIGH,
                    "A JSON pointer into the answer to the offset after its records (e.g. /next_cursor).",
                    RESPONSE, 3, ConfigDef.Width.MEDIUM, "Offset in the answer")
            .define(OFFSET_HEADER, Type.STRING, null, Importance.HIGH,
                    "An answer header with the offset after its records (e.g. X-Next-Cursor).",
                    RESPONSE, 4, ConfigDef.Width.MEDIUM, "Offset header")
            .define(OFFSET_INITIAL, Type.STRING, "", Importance.MEDIUM,
                    "The offset before the first request, when none was committed.", RESPONSE, 5, ConfigDef.Width.MEDIUM, "Initial offset")
            .define(KEY_POINTER, Type.STRING, null, HttpSourceConfig::validatePointer, Importance.MEDIUM,
                    "A JSON pointer into each record to its key (as text); none: no key.", RESPONSE, 6, ConfigDef.Width.MEDIUM, "Key")
            .define(RECORD_VALUE, Type.STRING, VALUE_STRING, ValidString.in(VALUE_STRING, VALUE_STRUCTURED), Importance.MEDIUM,
                    "string: the record's JSON text (a JSON string as its text), for the StringConverter; structured: maps, "
                            + "lists and values without a schema, for the JsonConverter with schemas.enable=false.",
                    RESPONSE, 7, ConfigDef.Width.SHORT, "Value");

    /** The JSON pointers, compiled once: every answer and record is read with them. Null when not set. */
    final JsonPointer recordsPointer;
    final JsonPointer offsetRecordPointer;
    final JsonPointer offsetPointer;
    final JsonPointer keyPointer;

    HttpSourceConfig(Map<?, ?> props) {
        super(DEF, props);
        recordsPointer = compile(RECORDS_POINTER);
        offsetRecordPointer = compile(OFFSET_RECORD_POINTER);
        offsetPointer = compile(OFFSET_POINTER);
        keyPointer = compile(KEY_POINTER);
        long offsetSources = java.util.stream.Stream.of(OFFSET_RECORD_POINTER, OFFSET_POINTER, OFFSET_HEADER)
                .filter(key -> getString(key) != null).count();
        if (offsetSources > 1) {
            throw new ConfigException(OFFSET_RECORD_POINTER, getString(OFFSET_RECORD_POINTER),
                    "set at most one of " + List.of(OFFSET_RECORD_POINTER, OFFSET_POINTER, OFFSET_HEADER));
        }
    }

    private JsonPointer compile(String key) {
        String value = getString(key);
        return value == null ? null : JsonPointer.compile(value);
    }

    private static void validatePointer(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            JsonPointer.compile((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a JSON pointer (e.g. /data/items): " + e.getMessage());
        }
    }
}
