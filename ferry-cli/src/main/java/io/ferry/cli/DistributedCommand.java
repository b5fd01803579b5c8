package io.ferry.cli;

import io.ferry.runtime.DistributedRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry distributed worker.properties} (also connect-distributed.sh). */
@Command(name = "distributed", mixinStandardHelpOptions = true,
        description = "Run a distributed worker: workers with the same group.id form one cluster, with configs, offsets "
                + "and statuses kept in Kafka topics.")
public final class DistributedCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(DistributedCommand.class);

    @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES", description = "Worker configuration (properties file).")
    Path workerProperties;

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "Worker setting that replaces the file's.")
    Map<String, String> overrides;

    @Override
    public Integer call() throws Exception {
        Map<String, String> props = WorkerProperties.read(workerProperties, overrides);
        DistributedRuntime runtime = DistributedRuntime.start(props);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "ferry-shutdown"));
        runtime.awaitStop();
        log.info("Exiting");
        return 0;
    }
}
