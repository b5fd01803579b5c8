package io.ferry.plugins.demo;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;

import java.util.Date;
import java.util.Random;

/** The value schemas of the sample source and the values for sequence number n, the same for every run. */
final class SampleRecords {

    static final Schema USER = SchemaBuilder.struct().name("io.ferry.demo.User")
            .field("id", Schema.INT64_SCHEMA)
            .field("name", Schema.STRING_SCHEMA)
            .field("email", Schema.STRING_SCHEMA)
            .field("created_at", Timestamp.SCHEMA)
            .build();

    static final Schema ORDER = SchemaBuilder.struct().name("io.ferry.demo.Order")
            .field("order_id", Schema.INT64_SCHEMA)
            .field("user_id", Schema.INT64_SCHEMA)
            .field("amount", Schema.FLOAT64_SCHEMA)
            .field("currency", Schema.STRING_SCHEMA)
            .build();

    static final Schema SEQUENCE = SchemaBuilder.struct().name("io.ferry.demo.Sequence")
            .field("seq", Schema.INT64_SCHEMA)
            .field("task", Schema.INT32_SCHEMA)
            .build();

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"};
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};

    private final String kind;
    private final long seed;

    SampleRecords(String kind, long seed) {
        this.kind = kind;
        this.seed = seed;
    }

    Schema schema() {
        switch (kind) {
            case "orders": return ORDER;
            case "sequence": return SEQUENCE;
            default: return USER;
        }
    }

    Struct value(long seq, int task) {
        Random random = new Random(seed * 31 + seq * 7 + task);
        switch (kind) {
            case "orders":
                return new Struct(ORDER).put("order_id", seq).put("user_id", (long) random.nextInt(1000))
                        .put("amount", Math.round(random.nextDouble() * 100_000) / 100.0)
                        .put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
            case "sequence":
                return new Struct(SEQUENCE).put("seq", seq).put("task", task);
            default:
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                return new Struct(USER).put("id", seq).put("name", first + " " + last)
                        .put("email", (first + "." + last + seq + "@example.com").toLowerCase())
                        .put("created_at", new Date(1_700_000_000_000L + seq * 1000));
        }
    }
}
