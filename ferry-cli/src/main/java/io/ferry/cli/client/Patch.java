package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.model.ConnectorDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry patch NAME key=value ... [--unset KEY] [-f FILE]}: changes some keys of a connector's config with
 * {@code PATCH /connectors/{name}/config}, where a null value removes a key, and prints the changes as
 * {@code ferry apply --dry-run} does.
 */
@Command(name = "patch", mixinStandardHelpOptions = true,
        description = "Change some keys of a connector's config (the others stay); prints the changes.")
public final class Patch extends ClientCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "The connector.")
    String name;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Keys to set.")
    List<String> assignments = new ArrayList<>();

    @Option(names = "--unset", paramLabel = "KEY", description = "A key to remove (repeatable).")
    List<String> unset = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "A JSON object of keys to set; a null value removes the key. KEY=VALUE and --unset win over it.")
    Path file;

    @Option(names = "--dry-run", description = "Validate and show what would change, without changing anything.")
    boolean dryRun;

    @Override
    protected int run(WorkerClient client, Output out) {
        Map<String, String> patch = patch();
        if (patch.isEmpty()) {
            throw usage("Nothing to change: give KEY=VALUE, --unset KEY or -f FILE");
        }
        String configPath = WorkerClient.path("connectors", name, "config");
        Map<String, String> current = new LinkedHashMap<>();
        client.get(configPath).fields().forEachRemaining(e -> current.put(e.getKey(), e.getValue().asText()));
        Map<String, String> desired = new LinkedHashMap<>(current);
        patch.forEach((key, value) -> {
            if (value == null) {
                desired.remove(key);
            } else {
                desired.put(key, value);
            }
        });
        List<String> changes = Apply.diff(current, desired);
        String action = changes.isEmpty() ? "unchanged" : dryRun ? "would configure" : "configured";
        int status = 0;
        if (dryRun && !changes.isEmpty()) {
            List<Validate.FieldError> errors = Validate.errors(Validate.validate(client, new ConnectorDefinition(name, desired, null)));
            errors.forEach(error -> changes.add(error.asChange()));
            if (!errors.isEmpty()) {
                action = "invalid";
                status = ClientException.FAILED;
            }
        } else if (!changes.isEmpty()) {
            client.patch(configPath, patch);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("connector", name);
        report.put("action", action);
        report.put("changes", changes);
        if (!out.printStructured(report)) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of(name, action));
            changes.forEach(change -> rows.add(List.of("", change)));
            out.table(List.of("CONNECTOR", "ACTION"), rows);
        }
        return status;
    }

    /** The keys to change, in the order given; null values remove keys. */
    private Map<String, String> patch() {
        Map<String, String> patch = new LinkedHashMap<>();
        if (file != null) {
            JsonNode object;
            try {
                object = WorkerClient.JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw usage("Cannot read " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
            }
            if (object == null || !object.isObject()) {
                throw usage(file + " must hold a JSON object of connector settings");
            }
            object.fields().forEachRemaining(e -> patch.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq <= 0) {
                throw usage("Expected KEY=VALUE, got '" + assignment + "' (remove a key with --unset KEY)");
            }
            patch.put(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        unset.forEach(key -> patch.put(key, null));
        return patch;
    }
}
