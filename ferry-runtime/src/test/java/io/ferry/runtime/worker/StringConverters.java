package io.ferry.runtime.worker;

import io.ferry.runtime.plugins.IsolatedConverter;
import io.ferry.runtime.plugins.IsolatedHeaderConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.storage.StringConverter;

import java.util.Map;

/** The converters the task tests give their tasks: string keys and values, simple headers, in the test's loader. */
final class StringConverters {

    private StringConverters() {
    }

    static ConverterSet in(ClassLoader loader) {
        StringConverter key = new StringConverter();
        key.configure(Map.of(), true);
        StringConverter value = new StringConverter();
        value.configure(Map.of(), false);
        SimpleHeaderConverter header = new SimpleHeaderConverter();
        header.configure(Map.of());
        return new ConverterSet(new IsolatedConverter(key, loader), new IsolatedConverter(value, loader),
                new IsolatedHeaderConverter(header, loader));
    }
}
