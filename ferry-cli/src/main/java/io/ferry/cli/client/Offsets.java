package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code ferry offsets get|set|reset NAME}: a connector's offsets (set and reset need it stopped). */
@Command(name = "offsets", mixinStandardHelpOptions = true,
        description = "Show, change or reset a connector's offsets (changes need the connector stopped: ferry stop NAME).",
        subcommands = {Offsets.Get.class, Offsets.Set.class, Offsets.Reset.class})
public final class Offsets implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Show a connector's offsets.")
    public static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int run(WorkerClient client, Output out) {
            JsonNode offsets = client.get(WorkerClient.path("connectors", name) + "/offsets");
            if (out.printStructured(offsets)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode o : offsets.path("offsets")) {
                rows.add(List.of(o.path("partition").toString(), o.path("offset").toString()));
            }
            out.table(List.of("PARTITION", "OFFSET"), rows);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Change offsets, from a file ({\"offsets\":[{\"partition\":{...},\"offset\":{...}}]}) or one pair.")
    public static final class Set extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The offsets, as GET /connectors/NAME/offsets shows them.")
        Path file;

        @Option(names = "--partition", paramLabel = "JSON", description = "One partition, e.g. '{\"filename\":\"/data/in.txt\"}'.")
        String partition;

        @Option(names = "--offset", paramLabel = "JSON", description = "Its offset, e.g. '{\"position\":0}'; null removes it.")
        String offset;

        @Override
        protected int run(WorkerClient client, Output out) {
            JsonNode body;
            try {
                if (file != null) {
                    body = WorkerClient.JSON.readTree(Files.readString(file));
                } else if (partition != null && offset != null) {
                    body = WorkerClient.JSON.valueToTree(Map.of("offsets", List.of(Map.of(
                            "partition", WorkerClient.JSON.readTree(partition),
                            "offset", WorkerClient.JSON.readTree(offset)))));
                } else {
                    throw usage("Give the offsets with -f FILE, or with --partition and --offset");
                }
            } catch (IOException e) {
                throw new ClientException(ClientException.FAILED, "cannot read the offsets: " + e.getMessage());
            }
            JsonNode message = client.patch(WorkerClient.path("connectors", name) + "/offsets", body);
            if (!out.printStructured(message)) {
                out.line(message.path("message").asText());
            }
            return 0;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Remove all of a connector's offsets.")
    public static final class Reset extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        protected int run(WorkerClient client, Output out) {
            JsonNode message = client.delete(WorkerClient.path("connectors", name) + "/offsets");
            if (!out.printStructured(message)) {
                out.line(message.path("message").asText());
            }
            return 0;
        }
    }
}
