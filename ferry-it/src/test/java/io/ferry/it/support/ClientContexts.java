package io.ferry.it.support;

import io.ferry.cli.client.context.ContextStore;
import io.ferry.cli.client.context.Secret;
import io.ferry.cli.client.context.WorkerContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A contexts file for the {@code ferry} client, with its secrets in files beside it, as a user would set them up; for
 * tests that run the client against a secured worker. {@link #args} gives the options that select a context.
 */
public final class ClientContexts {

    private final Path dir;
    private final ContextStore store;

    public ClientContexts(Path dir) {
        this.dir = dir;
        this.store = new ContextStore(dir.resolve("contexts.json"));
    }

    public Path file() {
        return store.file();
    }

    /** HTTP basic credentials. */
    public ClientContexts basic(String name, String url, String user, String password) {
        store.put(name, new WorkerContext(url, user, secret(name + ".password", password), null, null, null, null, null, null, null));
        return this;
    }

    /** A bearer token. */
    public ClientContexts bearer(String name, String url, String token) {
        store.put(name, new WorkerContext(url, null, null, secret(name + ".token", token), null, null, null, null, null, null));
        return this;
    }

    /** No credentials; with a truststore (PEM or keystore without password) for an https worker, when not null. */
    public ClientContexts plain(String name, String url, Path truststore) {
        store.put(name, new WorkerContext(url, null, null, null, null, null, null, null, path(truststore), null));
        return this;
    }

    /** A client certificate from a keystore, for a worker with {@code ssl.client.auth=required}. */
    public ClientContexts clientCertificate(String name, String url, Path keystore, String keystorePassword, Path truststore) {
        store.put(name, new WorkerContext(url, null, null, null, path(keystore), secret(name + ".keystore-password", keystorePassword),
                null, null, path(truststore), null));
        return this;
    }

    /** The options that make a client command use the context: {@code --config FILE --context NAME}. */
    public List<String> args(String name) {
        return List.of("--config", store.file().toString(), "--context", name);
    }

    private Secret secret(String fileName, String value) {
        try {
            return Secret.ofFile(Files.writeString(dir.resolve(fileName), value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String path(Path file) {
        return file == null ? null : file.toAbsolutePath().toString();
    }
}
