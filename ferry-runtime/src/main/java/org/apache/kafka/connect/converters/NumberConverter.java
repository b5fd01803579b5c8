package org.apache.kafka.connect.converters;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.connect.components.Versioned;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

import java.util.HashMap;
import java.util.Map;

/** A primitive value in Kafka's own binary encoding for that type (the client serializers'). */
abstract class NumberConverter<T> implements Converter, HeaderConverter, Versioned {

    private final Class<T> type;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;
    private final Schema schema;
    private final String typeName;

    protected NumberConverter(Class<T> type, String typeName, Schema schema, Serializer<T> serializer,
                              Deserializer<T> deserializer) {
        this.type = type;
        this.typeName = typeName;
        this.schema = schema;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    @Override
    public String version() {
        return AppInfoParser.getVersion();
    }

    @Override
    public ConfigDef config() {
        return ConverterConfig.newConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object converterType = configs.get(ConverterConfig.TYPE_CONFIG);
        boolean isKey = converterType != null && ConverterType.KEY.getName().equalsIgnoreCase(converterType.toString());
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withType = new HashMap<>(configs);
        withType.put(ConverterConfig.TYPE_CONFIG, isKey ? ConverterType.KEY.getName() : ConverterType.VALUE.getName());
        configure(withType);
    }

    @Override
    public byte[] fromConnectData(String topic, Schema valueSchema, Object value) {
        if (value != null && !type.isInstance(value)) {
            throw new DataException("Failed to serialize to " + typeName + " (was " + value.getClass() + ")");
        }
        try {
            return serializer.serialize(topic, type.cast(value));
        } catch (RuntimeException e) {
            throw new DataException("Failed to serialize to " + typeName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] value) {
        try {
            return new SchemaAndValue(schema, deserializer.deserialize(topic, value));
        } catch (RuntimeException e) {
            throw new DataException("Failed to deserialize " + typeName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] fromConnectHeader(String topic, String headerKey, Schema schema, Object value) {
        return fromConnectData(topic, schema, value);
    }

    @Override
    public SchemaAndValue toConnectHeader(String topic, String headerKey, byte[] value) {
        return toConnectData(topic, value);
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
