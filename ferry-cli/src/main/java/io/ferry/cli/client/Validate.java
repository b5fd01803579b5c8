package io.ferry.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.runtime.model.ConnectorDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code ferry validate -f FILE}: asks the worker to validate connector configs, and lists every bad field. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Validate connector configs with the worker; prints each bad field and its error. Exit status 1 if any.")
public final class Validate extends ClientCommand {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE|DIR")
    Path file;

    @Override
    protected int run(WorkerClient client, Output out) {
        int errors = 0;
        List<Object> results = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (ConnectorDefinition def : ConnectorFileSet.read(file)) {
            JsonNode result = validate(client, def);
            results.add(result);
            errors += result.path("error_count").asInt();
            for (FieldError error : errors(result)) {
                rows.add(List.of(def.name(), error.field(), error.error()));
            }
        }
        if (!out.printStructured(results.size() == 1 ? results.get(0) : results)) {
            if (rows.isEmpty()) {
                out.line("valid");
            } else {
                out.table(List.of("CONNECTOR", "FIELD", "ERROR"), rows);
                out.line(errors + " error(s)");
            }
        }
        return errors == 0 ? 0 : ClientException.FAILED;
    }

    /** One problem a validation answer names: the field and what is wrong with it. */
    record FieldError(String field, String error) {
        /** As {@code apply --dry-run} and {@code patch --dry-run} list it among the changes. */
        String asChange() {
            return "! " + field + ": " + error;
        }
    }

    /** The problems of a validation answer, field by field. */
    static List<FieldError> errors(JsonNode validation) {
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode config : validation.path("configs")) {
            for (JsonNode error : config.path("value").path("errors")) {
                errors.add(new FieldError(config.path("value").path("name").asText(), error.asText()));
            }
        }
        return errors;
    }

    static JsonNode validate(WorkerClient client, ConnectorDefinition def) {
        String connectorClass = def.config().get("connector.class");
        if (connectorClass == null || connectorClass.isBlank()) {
            throw new ClientException(ClientException.FAILED, "connector " + def.name() + " has no connector.class");
        }
        return client.put(WorkerClient.path("connector-plugins", connectorClass.trim(), "config", "validate"), def.config());
    }
}
