package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** {@code ferry loggers [NAME] [--level LEVEL]}: show or change the worker's log levels. */
@Command(name = "loggers", mixinStandardHelpOptions = true,
        description = "Show the worker's log levels, or set a logger's level (and its descendants') with --level.")
public final class Loggers extends ClientCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "LOGGER")
    String logger;

    @Option(names = "--level", paramLabel = "LEVEL", description = "TRACE, DEBUG, INFO, WARN, ERROR, FATAL or OFF.")
    String level;

    @Option(names = "--scope", paramLabel = "SCOPE", defaultValue = "worker", description = "worker or cluster.")
    String scope;

    @Override
    protected int run(WorkerClient client, Output out) {
        if (level != null) {
            if (logger == null) {
                throw usage("--level needs a LOGGER (use root for the root logger)");
            }
            JsonNode changed = client.put(WorkerClient.path("admin", "loggers", logger) + "?scope=" + scope,
                    Map.of("level", level));
            if (changed != null && out.printStructured(changed)) {
                return 0;
            }
            List<String> names = new ArrayList<>();
            if (changed != null) {
                changed.forEach(n -> names.add(n.asText()));
            }
            out.line("level of " + logger + " set to " + level.toUpperCase(java.util.Locale.ROOT)
                    + (names.isEmpty() ? "" : "; changed: " + String.join(", ", names)));
            return 0;
        }
        if (logger != null) {
            JsonNode one = client.get(WorkerClient.path("admin", "loggers", logger));
            if (!out.printStructured(one)) {
                out.table(List.of("LOGGER", "LEVEL", "LAST MODIFIED"), List.of(row(logger, one)));
            }
            return 0;
        }
        return list(client, out);
    }

    static int list(WorkerClient client, Output out) {
        JsonNode all = client.get("/admin/loggers");
        if (out.printStructured(all)) {
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            rows.add(row(e.getKey(), e.getValue()));
        }
        out.table(List.of("LOGGER", "LEVEL", "LAST MODIFIED"), rows);
        return 0;
    }

    private static List<String> row(String name, JsonNode level) {
        JsonNode modified = level.path("last_modified");
        return List.of(name, level.path("level").asText(),
                modified.isNumber() ? java.time.Instant.ofEpochMilli(modified.asLong()).toString() : "");
    }
}
