package io.ferry.connectors.jms;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

import java.util.Map;

/** The JMS sink's keys (besides the sink's own {@code topics}, {@code errors.*}). */
final class JmsSinkConfig extends JmsConfig {

    static final String MESSAGE_FORMAT = "jms.message.format";
    static final String CORRELATION_ID = "jms.correlation.id";
    static final String DELIVERY_MODE = "jms.delivery.mode";
    static final String PRIORITY = "jms.priority";
    static final String TIME_TO_LIVE_MS = "jms.time.to.live.ms";

    static final String FORMAT_TEXT = "text";
    static final String FORMAT_BYTES = "bytes";
    static final String FORMAT_MAP = "map";

    static final ConfigDef DEF = define(new ConfigDef())
            .define(MESSAGE_FORMAT, Type.STRING, FORMAT_TEXT, ValidString.in(FORMAT_TEXT, FORMAT_BYTES, FORMAT_MAP), Importance.HIGH,
                    "text: a TextMessage with the value as text (structs, maps and arrays as JSON); bytes: a BytesMessage with "
                            + "the value's bytes (strings as UTF-8, structures as JSON); map: a MapMessage with a struct's or map's "
                            + "top-level fields (nested ones as JSON text).")
            .define(CORRELATION_ID, Type.STRING, "none", ValidString.in("none", "key"), Importance.MEDIUM,
                    "key: the record key, as text, becomes the message's JMSCorrelationID.")
            .define(DELIVERY_MODE, Type.STRING, "persistent", ValidString.in("persistent", "non_persistent"), Importance.MEDIUM,
                    "persistent: the provider keeps the messages through its own restarts.")
            .define(PRIORITY, Type.INT, 4, Range.between(0, 9), Importance.LOW, "The messages' priority, 0 to 9.")
            .define(TIME_TO_LIVE_MS, Type.LONG, 0L, Range.atLeast(0L), Importance.LOW, "How long the messages live; 0: forever.");

    JmsSinkConfig(Map<?, ?> props) {
        super(DEF, props);
    }
}
