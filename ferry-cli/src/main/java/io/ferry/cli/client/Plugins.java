package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code ferry plugins}: the plugins the worker has. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the worker's connector plugins; --all adds converters, transformations and predicates.")
public final class Plugins extends ClientCommand {

    @Option(names = "--all", description = "Also converters, header converters, transformations and predicates.")
    boolean all;

    @Override
    protected int run(WorkerClient client, Output out) {
        return list(client, out, all);
    }

    static int list(WorkerClient client, Output out, boolean all) {
        JsonNode plugins = client.get("/connector-plugins?connectorsOnly=" + !all);
        if (out.printStructured(plugins)) {
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode plugin : plugins) {
            rows.add(List.of(plugin.path("class").asText(), plugin.path("type").asText(), Output.text(plugin.path("version"))));
        }
        out.table(List.of("CLASS", "TYPE", "VERSION"), rows);
        return 0;
    }
}
