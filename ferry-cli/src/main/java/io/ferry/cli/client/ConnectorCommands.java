package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The commands that act on connectors by name. */
public final class ConnectorCommands {

    private ConnectorCommands() {
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "List connectors (with state and tasks), plugins, or loggers.")
    public static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RESOURCE", description = "connectors, plugins or loggers.")
        String resource;

        @Parameters(index = "1..*", paramLabel = "NAME", description = "Only these connectors.")
        List<String> names = new ArrayList<>();

        @Override
        protected int run(WorkerClient client, Output out) {
            switch (resource) {
                case "connectors", "connector" -> {
                    return connectors(client, out);
                }
                case "plugins" -> {
                    return Plugins.list(client, out, false);
                }
                case "loggers" -> {
                    return Loggers.list(client, out);
                }
                default -> throw usage("Unknown resource '" + resource + "': use connectors, plugins or loggers");
            }
        }

        private int connectors(WorkerClient client, Output out) {
            JsonNode all = client.get("/connectors?expand=status&expand=info");
            List<Map.Entry<String, JsonNode>> selected = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (names.isEmpty() || names.contains(e.getKey())) {
                    selected.add(e);
                }
            }
            for (String name : names) {
                if (!all.has(name)) {
                    throw new ClientException(ClientException.NOT_FOUND, "no connector named " + name);
                }
            }
            if (out.printStructured(selected.stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new)))) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : selected) {
                JsonNode status = e.getValue().path("status");
                int running = 0;
                int total = status.path("tasks").size();
                for (JsonNode task : status.path("tasks")) {
                    if ("RUNNING".equals(task.path("state").asText())) {
                        running++;
                    }
                }
                rows.add(List.of(e.getKey(), Output.text(status.path("type")), Output.text(status.path("connector").path("state")),
                        running + "/" + total, Output.text(status.path("connector").path("worker_id"))));
            }
            out.table(List.of("NAME", "TYPE", "STATE", "TASKS", "WORKER"), rows);
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = "Show a connector: config, state of each task with failure traces, topics, and offsets when stopped.")
    public static final class Describe extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "connector")
        String kind;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Override
        protected int run(WorkerClient client, Output out) {
            if (!kind.equals("connector")) {
                throw usage("Only connectors can be described: ferry describe connector NAME");
            }
            String base = WorkerClient.path("connectors", name);
            JsonNode info = client.get(base);
            JsonNode status = client.get(base + "/status");
            JsonNode topics = null;
            try {
                topics = client.get(base + "/topics").path(name).path("topics");
            } catch (ClientException e) {
                // topic tracking may be disabled on the worker
            }
            JsonNode offsets = null;
            if ("STOPPED".equals(status.path("connector").path("state").asText())) {
                offsets = client.get(base + "/offsets").path("offsets");
            }
            Map<String, Object> all = new java.util.LinkedHashMap<>();
            all.put("name", name);
            all.put("type", info.path("type"));
            all.put("config", info.path("config"));
            all.put("status", status);
            all.put("topics", topics);
            all.put("offsets", offsets);
            if (out.printStructured(all)) {
                return 0;
            }
            out.line("Name:     " + name);
            out.line("Type:     " + Output.text(info.path("type")));
            out.line("State:    " + Output.text(status.path("connector").path("state")) + " on "
                    + Output.text(status.path("connector").path("worker_id")));
            if (status.path("connector").has("trace")) {
                out.line("Trace:    " + status.path("connector").path("trace").asText().stripTrailing().replace("\n", "\n          "));
            }
            out.line("Config:");
            List<String> keys = new ArrayList<>();
            info.path("config").fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            for (String key : keys) {
                out.line("  " + key + " = " + Output.text(info.path("config").path(key)));
            }
            out.line("Tasks:");
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode task : status.path("tasks")) {
                rows.add(List.of("  " + task.path("id").asText(), task.path("state").asText(), task.path("worker_id").asText()));
            }
            out.table(List.of("  ID", "STATE", "WORKER"), rows);
            for (JsonNode task : status.path("tasks")) {
                if (task.has("trace")) {
                    out.line("Task " + task.path("id").asText() + " trace:\n  "
                            + task.path("trace").asText().stripTrailing().replace("\n", "\n  "));
                }
            }
            if (topics != null) {
                List<String> names = new ArrayList<>();
                topics.forEach(t -> names.add(t.asText()));
                out.line("Topics:   " + (names.isEmpty() ? "(none yet)" : String.join(", ", names)));
            }
            if (offsets != null) {
                out.line("Offsets:");
                for (JsonNode offset : offsets) {
                    out.line("  " + offset.path("partition") + " -> " + offset.path("offset"));
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete connectors.")
    public static final class Delete extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        protected int run(WorkerClient client, Output out) {
            for (String name : names) {
                client.delete(WorkerClient.path("connectors", name));
                out.line("connector " + name + " deleted");
            }
            return 0;
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Restart a connector; with --tasks its tasks too; with --failed only what failed.")
    public static final class Restart extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--tasks", description = "Restart the connector's tasks as well.")
        boolean tasks;

        @Option(names = "--failed", description = "Restart only the connector and tasks that failed.")
        boolean failed;

        @Override
        protected int run(WorkerClient client, Output out) {
            JsonNode status = client.post(WorkerClient.path("connectors", name) + "/restart?includeTasks=" + tasks
                    + "&onlyFailed=" + failed, null);
            if (status != null && out.printStructured(status)) {
                return 0;
            }
            out.line("connector " + name + " restarted");
            return 0;
        }
    }

    /** Pause, resume or stop: one request each. */
    abstract static class StateChange extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        abstract String action();

        abstract String done();

        @Override
        protected int run(WorkerClient client, Output out) {
            for (String name : names) {
                client.put(WorkerClient.path("connectors", name) + "/" + action(), null);
                out.line("connector " + name + " " + done());
            }
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause connectors and their tasks.")
    public static final class Pause extends StateChange {
        String action() {
            return "pause";
        }

        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume paused or stopped connectors.")
    public static final class Resume extends StateChange {
        String action() {
            return "resume";
        }

        String done() {
            return "resumed";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop connectors: their tasks are removed and their offsets may be changed.")
    public static final class Stop extends StateChange {
        String action() {
            return "stop";
        }

        String done() {
            return "stopped";
        }
    }
}
