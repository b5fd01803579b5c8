package io.ferry.cli;

import io.ferry.runtime.StandaloneRuntime;
import io.ferry.runtime.config.ConnectorFiles;
import io.ferry.runtime.model.ConnectorDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry standalone worker.properties [connector.properties|connector.json ...]} (also connect-standalone.sh). */
@Command(name = "standalone", mixinStandardHelpOptions = true,
        description = "Run a standalone worker: one process, offsets in a local file.")
public final class StandaloneCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(StandaloneCommand.class);

    @Parameters(index = "0", paramLabel = "WORKER_PROPERTIES", description = "Worker configuration (properties file).")
    Path workerProperties;

    @Parameters(index = "1..*", paramLabel = "CONNECTOR_FILE",
            description = "Connectors to run: .properties, or JSON (a settings object or {\"name\":...,\"config\":{...}}).")
    List<Path> connectorFiles = new ArrayList<>();

    @Option(names = "--override", paramLabel = "KEY=VALUE", description = "Worker setting that replaces the file's.")
    Map<String, String> overrides;

    @Override
    public Integer call() throws Exception {
        Map<String, String> props = WorkerProperties.read(workerProperties, overrides);
        List<ConnectorDefinition> connectors = new ArrayList<>();
        for (Path file : connectorFiles) {
            connectors.add(ConnectorFiles.read(file));
        }
        StandaloneRuntime runtime = StandaloneRuntime.start(props, connectors);
        Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "ferry-shutdown"));
        runtime.awaitStop();
        log.info("Exiting");
        return 0;
    }
}
