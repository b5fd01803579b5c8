package io.ferry.cli.client;

import io.ferry.cli.FerryCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code ferry} command in this JVM, as a user would run it, and keeps what it printed. */
public record CliRun(int exit, String out, String err) {

    public static CliRun ferry(String... args) {
        CommandLine cli = FerryCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
