package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;

import java.util.Map;

/** A single message transformation whose every call runs with its own class loader current. */
public final class IsolatedTransformation<R extends ConnectRecord<R>> extends Isolated<Transformation<R>>
        implements AutoCloseable {

    public IsolatedTransformation(Transformation<R> transformation, ClassLoader loader) {
        super(transformation, loader);
    }

    public void configure(Map<String, ?> configs) {
        run(t -> t.configure(configs));
    }

    /** The transformed record, or null when the transformation drops it. */
    public R apply(R record) {
        return call(t -> t.apply(record));
    }

    public ConfigDef config() {
        return call(Transformation::config);
    }

    @Override
    public void close() {
        closeQuietly("transformation " + this);
    }
}
