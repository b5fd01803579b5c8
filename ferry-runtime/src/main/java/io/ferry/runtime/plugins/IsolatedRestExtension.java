package io.ferry.runtime.plugins;

import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

import java.util.Map;

/** A REST extension whose every call runs with its own class loader current. */
public final class IsolatedRestExtension extends Isolated<ConnectRestExtension> implements AutoCloseable {

    public IsolatedRestExtension(ConnectRestExtension extension, ClassLoader loader) {
        super(extension, loader);
    }

    public void configure(Map<String, ?> configs) {
        run(e -> e.configure(configs));
    }

    /** Lets the extension add its JAX-RS resources and filters to the server. */
    public void register(ConnectRestExtensionContext context) {
        run(e -> e.register(context));
    }

    @Override
    public void close() {
        closeQuietly("REST extension " + this);
    }
}
