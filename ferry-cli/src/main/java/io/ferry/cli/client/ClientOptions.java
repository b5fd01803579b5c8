package io.ferry.cli.client;

import io.ferry.cli.client.context.WorkerTarget;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every client command takes: which worker, with which credentials, and how to print. */
public final class ClientOptions {

    public enum Format { table, json, yaml }

    @Option(names = "--url", paramLabel = "URL",
            description = "The worker's REST API. Default: the URL of --context, else $FERRY_URL, else the current "
                    + "context's, else http://127.0.0.1:8083.")
    String url;

    @Option(names = "--context", paramLabel = "NAME",
            description = "The named worker (and credentials) to use; default $FERRY_CONTEXT, else the current context.")
    String context;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The contexts file. Default: $FERRY_CONFIG, else ~/.config/ferry/contexts.json.")
    Path config;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: table (for people), json or yaml (for scripts). Default: ${DEFAULT-VALUE}.")
    Format output;

    public WorkerClient client() {
        return new WorkerClient(WorkerTarget.resolve(url, context, config, System.getenv()));
    }

    public Format output() {
        return output;
    }
}
