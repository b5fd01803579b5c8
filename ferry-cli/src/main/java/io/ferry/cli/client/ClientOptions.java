package io.ferry.cli.client;

import picocli.CommandLine.Option;

/** Options every client command takes: which worker, and how to print. */
public final class ClientOptions {

    public enum Format { table, json, yaml }

    @Option(names = "--url", paramLabel = "URL",
            description = "The worker's REST API (default: $FERRY_URL, else http://127.0.0.1:8083).")
    String url;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: table (for people), json or yaml (for scripts). Default: ${DEFAULT-VALUE}.")
    Format output;

    public WorkerClient client() {
        String chosen = url != null ? url : System.getenv().getOrDefault("FERRY_URL", "http://127.0.0.1:8083");
        return new WorkerClient(chosen);
    }

    public Format output() {
        return output;
    }
}
