package io.ferry.runtime.worker;

import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** An admin client created the first time it is needed; most tasks never need one. */
public final class LazyAdmin implements Supplier<Admin>, AutoCloseable {

    private final Map<String, Object> config;
    private Admin admin;

    public LazyAdmin(Map<String, Object> config) {
        this.config = config;
    }

    @Override
    public synchronized Admin get() {
        if (admin == null) {
            admin = Admin.create(config);
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
