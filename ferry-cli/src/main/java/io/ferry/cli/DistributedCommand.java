package io.ferry.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ferry distributed worker.properties} (also connect-distributed.sh). */
@Command(name = "distributed", mixinStandardHelpOptions = true,
        description = "Run a distributed worker (not available yet in this version).")
public final class DistributedCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES", arity = "0..1")
    Path workerProperties;

    @Override
    public Integer call() {
        System.err.println("Distributed mode is not available yet in this version of Ferry. "
                + "Run a standalone worker instead: bin/connect-standalone.sh WORKER_PROPERTIES [CONNECTOR_FILE ...]");
        return 2;
    }
}
