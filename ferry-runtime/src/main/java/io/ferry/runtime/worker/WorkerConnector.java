package io.ferry.runtime.worker;

import io.ferry.runtime.model.TargetState;
import io.ferry.runtime.plugins.IsolatedConnector;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkConnectorContext;
import org.apache.kafka.connect.source.SourceConnectorContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One connector instance. Every call into the plugin runs on the connector's own thread, so a slow or stuck
 * connector never blocks the worker, and calls never overlap. A paused or stopped connector is not running:
 * its plugin instance is stopped and started again on resume, as in Apache Kafka Connect.
 */
public final class WorkerConnector {

    private static final Logger log = LoggerFactory.getLogger(WorkerConnector.class);

    /** How a running connector reaches the control plane. */
    public interface Callbacks {
        void requestTaskReconfiguration(String connector);
    }

    private enum State { INIT, STARTED, PAUSED, STOPPED, FAILED }

    private final String name;
    private final IsolatedConnector connector;
    private final StatusListener<String> statusListener;
    private final ExecutorService thread;
    private final Context context;
    private final String version;
    private Map<String, String> config;
    private State state = State.INIT;
    private boolean startedBefore;

    WorkerConnector(String name, IsolatedConnector connector, Map<String, String> config,
                    StatusListener<String> statusListener, Callbacks callbacks, OffsetStorageReader offsetReader,
                    PluginMetrics metrics) {
        this.name = name;
        this.connector = connector;
        this.version = connector.declaredVersion();
        this.config = config;
        this.statusListener = statusListener;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "connector-thread-" + name);
            t.setDaemon(true);
            return t;
        });
        this.context = new Context(callbacks, offsetReader, metrics);
    }

    public String name() {
        return name;
    }

    /** The version the connector declared when it was created here. */
    public String version() {
        return version;
    }

    public IsolatedConnector connector() {
        return connector;
    }

    public boolean isSink() {
        return connector.isSink();
    }

    /** Initializes the connector and moves it to the target state. */
    CompletableFuture<Void> start(TargetState target) {
        return call(() -> {
            try {
                connector.initialize(context);
            } catch (Throwable t) {
                fail(t);
                return null;
            }
            doTransition(target);
            return null;
        });
    }

    CompletableFuture<Void> transitionTo(TargetState target) {
        return call(() -> {
            doTransition(target);
            return null;
        });
    }

    /** Asks the running connector for its task configs; fails when it is not running. */
    CompletableFuture<List<Map<String, String>>> taskConfigs(int maxTasks) {
        return call(() -> {
            if (state != State.STARTED) {
                throw new ConnectException("Connector " + name + " is not running, so it cannot supply task configs");
            }
            return connector.taskConfigs(maxTasks);
        });
    }

    /** Stops the connector if it runs and releases its thread; reports the shutdown unless it had failed. */
    CompletableFuture<Void> shutdown() {
        CompletableFuture<Void> done = call(() -> {
            boolean failed = state == State.FAILED;
            stopIfRunning();
            if (!failed) {
                statusListener.onShutdown(name);
            }
            return null;
        });
        thread.shutdown();
        return done;
    }

    boolean isRunning() {
        return state == State.STARTED;
    }

    private void doTransition(TargetState target) {
        if (state == State.FAILED) {
            log.debug("Connector {} has failed; ignoring the request to move to {}", name, target);
            return;
        }
        switch (target) {
            case STARTED:
                if (state != State.STARTED) {
                    try {
                        connector.start(config);
                        state = State.STARTED;
                        // Only the first start is a start-up (counted in the worker's metrics); later ones resume it.
                        if (startedBefore) {
                            statusListener.onResume(name);
                        } else {
                            startedBefore = true;
                            statusListener.onStartup(name);
                        }
                    } catch (Throwable t) {
                        fail(t);
                    }
                }
                break;
            case PAUSED:
                stopIfRunning();
                state = State.PAUSED;
                statusListener.onPause(name);
                break;
            case STOPPED:
                stopIfRunning();
                state = State.STOPPED;
                statusListener.onStop(name);
                break;
            default:
                throw new IllegalArgumentException("Unknown target state " + target);
        }
    }

    private void stopIfRunning() {
        if (state == State.STARTED) {
            try {
                connector.stop();
            } catch (Throwable t) {
                log.error("Connector {} threw while stopping", name, t);
            }
            state = State.INIT;
        }
    }

    private void fail(Throwable t) {
        log.error("Connector {} failed", name, t);
        stopIfRunning();
        state = State.FAILED;
        statusListener.onFailure(name, t);
    }

    private <V> CompletableFuture<V> call(Callable<V> work) {
        CompletableFuture<V> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                // This thread runs only this connector's work, so its loader stays current for the whole call.
                try (var ignored = LoggingContext.forConnector(name); var swap = connector.enter()) {
                    result.complete(work.call());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new ConnectException("Connector " + name + " has been shut down"));
        }
        return result;
    }

    /** The context handed to the plugin; it serves both source and sink connectors. */
    private final class Context implements SourceConnectorContext, SinkConnectorContext {
        private final Callbacks callbacks;
        private final OffsetStorageReader offsetReader;
        private final PluginMetrics metrics;

        Context(Callbacks callbacks, OffsetStorageReader offsetReader, PluginMetrics metrics) {
            this.callbacks = callbacks;
            this.offsetReader = offsetReader;
            this.metrics = metrics;
        }

        @Override
        public void requestTaskReconfiguration() {
            callbacks.requestTaskReconfiguration(name);
        }

        @Override
        public void raiseError(Exception e) {
            // A connector may raise an error from its own threads; the failure is handled on the connector thread.
            call(() -> {
                if (state != State.FAILED) {
                    fail(e);
                }
                return null;
            });
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return metrics;
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return offsetReader;
        }
    }
}
