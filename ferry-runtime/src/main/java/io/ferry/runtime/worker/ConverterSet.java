package io.ferry.runtime.worker;

import io.ferry.runtime.plugins.IsolatedConverter;
import io.ferry.runtime.plugins.IsolatedHeaderConverter;
import org.apache.kafka.common.utils.Utils;

/** The key, value and header converters one task uses. */
public record ConverterSet(IsolatedConverter key, IsolatedConverter value, IsolatedHeaderConverter header)
        implements AutoCloseable {

    @Override
    public void close() {
        Utils.closeQuietly(key, "key converter");
        Utils.closeQuietly(value, "value converter");
        Utils.closeQuietly(header, "header converter");
    }
}
