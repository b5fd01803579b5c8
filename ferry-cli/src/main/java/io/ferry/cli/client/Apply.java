package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.model.ConnectorDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ferry apply -f FILE|DIR}: makes the worker's connectors match connector files. Creates what is missing,
 * reconfigures what differs, leaves the rest alone; with a directory and {@code --prune}, deletes connectors that no
 * file defines. {@code --dry-run} validates and shows the changes without making them.
 */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Create or update connectors from JSON or properties files (a directory is a whole set).")
public final class Apply extends ClientCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR")
    Path file;

    @Option(names = "--prune", description = "With a directory: delete connectors that no file in it defines.")
    boolean prune;

    @Option(names = "--dry-run", description = "Validate and show what would change, without changing anything.")
    boolean dryRun;

    @Override
    protected int run(WorkerClient client, Output out) {
        if (prune && !Files.isDirectory(file)) {
            throw usage("--prune needs a directory of connector files");
        }
        List<ConnectorDefinition> desired = ConnectorFileSet.read(file);
        Set<String> existing = new HashSet<>();
        client.get("/connectors").forEach(n -> existing.add(n.asText()));

        List<Map<String, Object>> report = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        int invalid = 0;
        for (ConnectorDefinition def : desired) {
            Map<String, String> current = null;
            if (existing.contains(def.name())) {
                current = new LinkedHashMap<>();
                JsonNode config = client.get(WorkerClient.path("connectors", def.name(), "config"));
                Map<String, String> values = current;
                config.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            }
            List<String> diff = diff(maskedAsDesired(current, def.config()), def.config());
            String action = current == null ? "create" : diff.isEmpty() ? "unchanged" : "configure";
            if (dryRun) {
                JsonNode validation = Validate.validate(client, def);
                int errors = validation.path("error_count").asInt();
                if (errors > 0) {
                    invalid++;
                    action = "invalid";
                    Validate.errors(validation).forEach(error -> diff.add(error.asChange()));
                }
            } else if (current == null) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("name", def.name());
                request.put("config", def.config());
                if (def.initialState() != null) {
                    request.put("initial_state", def.initialState() == io.ferry.runtime.model.TargetState.STARTED
                            ? "RUNNING" : def.initialState().name());
                }
                client.post("/connectors", request);
            } else if (!diff.isEmpty()) {
                client.put(WorkerClient.path("connectors", def.name(), "config"), def.config());
            }
            String shown = dryRun && !action.equals("unchanged") && !action.equals("invalid") ? "would " + action : past(action);
            rows.add(List.of(def.name(), shown));
            report.add(entry(def.name(), shown, diff));
            if (!out.structured() && dryRun) {
                diff.forEach(d -> rows.add(List.of("", d)));
            }
        }
        if (prune) {
            Set<String> wanted = new HashSet<>();
            desired.forEach(d -> wanted.add(d.name()));
            for (String name : new TreeSet<>(existing)) {
                if (!wanted.contains(name)) {
                    if (!dryRun) {
                        client.delete(WorkerClient.path("connectors", name));
                    }
                    String shown = dryRun ? "would delete" : "deleted";
                    rows.add(List.of(name, shown));
                    report.add(entry(name, shown, List.of()));
                }
            }
        }
        if (!out.printStructured(report)) {
            out.table(List.of("CONNECTOR", "ACTION"), rows);
        }
        return invalid == 0 ? 0 : ClientException.FAILED;
    }

    private static Map<String, Object> entry(String name, String action, List<String> diff) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("connector", name);
        entry.put("action", action);
        entry.put("changes", diff);
        return entry;
    }

    private static String past(String action) {
        switch (action) {
            case "create": return "created";
            case "configure": return "configured";
            default: return action;
        }
    }

    /**
     * How a worker shows a password it keeps ({@code rest.password.masking.enable}). Apply cannot tell whether such a
     * password differs from the file's, so it is not a change: otherwise every apply would reconfigure, and restart,
     * every connector that has a password. A connector that is reconfigured for another change gets the file's.
     */
    static final String MASKED = "[hidden]";

    /** The current config with each masked password taken to be the desired one, which apply cannot compare. */
    private static Map<String, String> maskedAsDesired(Map<String, String> current, Map<String, String> desired) {
        if (current == null) {
            return null;
        }
        Map<String, String> comparable = new LinkedHashMap<>(current);
        comparable.replaceAll((key, value) -> MASKED.equals(value) && desired.containsKey(key) ? desired.get(key) : value);
        return comparable;
    }

    /** Lines of "+ key=value", "~ key: old -> new", "- key" from the current config to the desired one. */
    static List<String> diff(Map<String, String> current, Map<String, String> desired) {
        List<String> lines = new ArrayList<>();
        Map<String, String> before = current == null ? Map.of() : current;
        for (String key : new TreeSet<>(desired.keySet())) {
            String value = desired.get(key);
            if (!before.containsKey(key)) {
                lines.add("+ " + key + "=" + mask(key, value));
            } else if (!java.util.Objects.equals(before.get(key), value)) {
                lines.add("~ " + key + ": " + mask(key, before.get(key)) + " -> " + mask(key, value));
            }
        }
        for (String key : new TreeSet<>(before.keySet())) {
            if (!desired.containsKey(key)) {
                lines.add("- " + key);
            }
        }
        return lines;
    }

    private static String mask(String key, String value) {
        String k = key.toLowerCase(Locale.ROOT);
        boolean secret = (k.contains("password") || k.contains("secret") || k.contains("jaas.config"))
                && value != null && !value.startsWith("${");
        return secret ? "[hidden]" : value;
    }
}
