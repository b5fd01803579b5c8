package io.ferry.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What both protocol versions' sessions share: the options, the session flag, and how they connect and close. */
abstract class MqttSessionBase implements MqttSession {

    /** How long closing waits for the DISCONNECT to be sent. */
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    protected final Options options;
    protected volatile boolean sessionPresent;

    MqttSessionBase(Options options) {
        this.options = options;
    }

    /** Connects, clean or resuming the session, as {@link Options#sessionExpirySeconds()} says. */
    abstract CompletableFuture<Void> connect();

    abstract CompletableFuture<Void> disconnect();

    @Override
    public boolean sessionPresent() {
        return sessionPresent;
    }

    @Override
    public void close() {
        try {
            disconnect().get(CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Not connected (never was, or the connection dropped): nothing to tell the broker.
        }
    }

    String username() {
        return options.config().getString(MqttConfig.USERNAME);
    }

    byte[] password() {
        String password = options.config().password(MqttConfig.PASSWORD);
        return password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    int keepAliveSeconds() {
        return options.config().getInt(MqttConfig.KEEP_ALIVE_SECONDS);
    }

    static CompletableFuture<Void> refused(String what, List<String> refusals) {
        return refusals.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new IllegalStateException("The broker refused " + what + ": " + String.join(", ", refusals)));
    }
}
