package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

import java.util.Map;

/** A key or value converter whose every call runs with its own class loader current. */
public final class IsolatedConverter extends Isolated<Converter> implements AutoCloseable {

    public IsolatedConverter(Converter converter, ClassLoader loader) {
        super(converter, loader);
    }

    public void configure(Map<String, ?> configs, boolean isKey) {
        run(c -> c.configure(configs, isKey));
    }

    public byte[] fromConnectData(String topic, Headers headers, Schema schema, Object value) {
        return call(c -> c.fromConnectData(topic, headers, schema, value));
    }

    public SchemaAndValue toConnectData(String topic, Headers headers, byte[] value) {
        return call(c -> c.toConnectData(topic, headers, value));
    }

    public ConfigDef config() {
        return call(Converter::config);
    }

    @Override
    public void close() {
        closeQuietly("converter " + this);
    }
}
