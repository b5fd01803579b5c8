package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.HeaderConverter;

import java.util.Map;

/** A header converter whose every call runs with its own class loader current. */
public final class IsolatedHeaderConverter extends Isolated<HeaderConverter> implements AutoCloseable {

    public IsolatedHeaderConverter(HeaderConverter converter, ClassLoader loader) {
        super(converter, loader);
    }

    public void configure(Map<String, ?> configs) {
        run(c -> c.configure(configs));
    }

    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return call(c -> c.fromConnectHeader(topic, headerKey, schema, value));
    }

    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return call(c -> c.toConnectHeader(topic, headerKey, value));
    }

    public ConfigDef config() {
        return call(HeaderConverter::config);
    }

    @Override
    public void close() {
        closeQuietly("header converter " + this);
    }
}
