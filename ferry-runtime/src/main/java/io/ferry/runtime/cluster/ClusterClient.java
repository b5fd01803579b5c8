package io.ferry.runtime.cluster;

import java.net.http.HttpClient;
import java.util.function.Supplier;

/**
 * The HTTP client a worker calls the other workers of its cluster with (forwarded requests, task configs for the
 * leader), built on first use: building one sets up the JVM's TLS context and reads its trust store, which a worker
 * alone in its cluster, or one that never forwards, should not pay for at start.
 */
public final class ClusterClient {

    private final Supplier<HttpClient> factory;
    private volatile HttpClient client;

    public ClusterClient(Supplier<HttpClient> factory) {
        this.factory = factory;
    }

    /** An already built client (tests). */
    public static ClusterClient of(HttpClient client) {
        return new ClusterClient(() -> client);
    }

    public HttpClient get() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = factory.get();
                    client = built;
                }
            }
        }
        return built;
    }
}
