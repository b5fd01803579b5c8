package io.ferry.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.cli.FerryCli;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@code ferry} command in this JVM, as a user would type it, and keeps what it printed. */
public final class FerryCommand {

    public record Result(int exit, String out, String err) {

        /** What the command printed, read as JSON (for {@code -o json}). */
        public JsonNode json() throws IOException {
            return new ObjectMapper().readTree(out);
        }
    }

    private FerryCommand() {
    }

    public static Result run(String... args) {
        CommandLine cli = FerryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
