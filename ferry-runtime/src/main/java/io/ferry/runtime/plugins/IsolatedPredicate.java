package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.Map;

/** A predicate guarding a transformation, whose every call runs with its own class loader current. */
public final class IsolatedPredicate<R extends ConnectRecord<R>> extends Isolated<Predicate<R>> implements AutoCloseable {

    public IsolatedPredicate(Predicate<R> predicate, ClassLoader loader) {
        super(predicate, loader);
    }

    public void configure(Map<String, ?> configs) {
        run(p -> p.configure(configs));
    }

    public boolean test(R record) {
        return call(p -> p.test(record));
    }

    public ConfigDef config() {
        return call(Predicate::config);
    }

    @Override
    public void close() {
        closeQuietly("predicate " + this);
    }
}
