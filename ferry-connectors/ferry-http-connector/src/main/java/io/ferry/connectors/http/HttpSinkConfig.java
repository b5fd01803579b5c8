package io.ferry.connectors.http;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

import java.util.Map;

/** The HTTP sink's keys (besides the sink's own {@code topics}, {@code errors.*}). */
final class HttpSinkConfig extends HttpConfig {

    static final String METHOD = "http.method";
    static final String BODY_FORMAT = "http.body.format";
    static final String JSON_AS_ARRAY = "batch.json.as.array";
    static final String MAX_RECORDS = "batch.max.records";
    static final String MAX_BYTES = "batch.max.bytes";
    static final String LINGER_MS = "batch.linger.ms";
    static final String SEPARATOR = "batch.separator";

    static final String FORMAT_JSON = "json";
    static final String FORMAT_RAW = "raw";

    private static final String BATCHES = "HTTP batches";

    static final ConfigDef DEF = define(new ConfigDef(), "The URL records are sent to, http:// or https://.")
            .define(METHOD, Type.STRING, "POST", ValidString.in("POST", "PUT"), Importance.MEDIUM, "POST or PUT.")
            .define(BODY_FORMAT, Type.STRING, FORMAT_JSON, ValidString.in(FORMAT_JSON, FORMAT_RAW), Importance.HIGH,
                    "json: the record values as JSON (structs and maps as objects, strings as JSON strings), a batch as a JSON "
                            + "array; Content-Type application/json. raw: the values' bytes as they are (strings as UTF-8), a batch "
                            + "joined by batch.separator; Content-Type application/octet-stream. A Content-Type in http.headers wins.")
            .define(JSON_AS_ARRAY, Type.BOOLEAN, true, Importance.MEDIUM,
                    "With the json format: send a batch as a JSON array. false sends each record's value alone, one request "
                            + "per record (batch.max.records must then be 1).", BATCHES, 1, ConfigDef.Width.SHORT, "JSON array")
            .define(MAX_RECORDS, Type.INT, 100, Range.atLeast(1), Importance.MEDIUM,
                    "The most records in one request.", BATCHES, 2, ConfigDef.Width.SHORT, "Records per request")
            .define(MAX_BYTES, Type.INT, 1_048_576, Range.atLeast(1), Importance.MEDIUM,
                    "The most bytes of record values in one request (a single larger record is sent alone).",
                    BATCHES, 3, ConfigDef.Width.SHORT, "Bytes per request")
            .define(LINGER_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW,
                    "How long a batch that is not full may wait for more records. It is sent once it is this old and more "
                            + "records arrive, and at the latest when the worker commits offsets (offset.flush.interval.ms).",
                    BATCHES, 4, ConfigDef.Width.SHORT, "Linger (ms)")
            .define(SEPARATOR, Type.STRING, "\n", Importance.LOW,
                    "With the raw format: what goes between the records of a batch.", BATCHES, 5, ConfigDef.Width.SHORT, "Separator");

    private final boolean json;

    HttpSinkConfig(Map<?, ?> props) {
        super(DEF, props);
        json = FORMAT_JSON.equals(getString(BODY_FORMAT));
        if (FORMAT_JSON.equals(getString(BODY_FORMAT)) && !getBoolean(JSON_AS_ARRAY) && getInt(MAX_RECORDS) != 1) {
            throw new ConfigException(MAX_RECORDS, getInt(MAX_RECORDS), "must be 1 when " + JSON_AS_ARRAY + " is false");
        }
    }

    boolean json() {
        return json;
    }
}
