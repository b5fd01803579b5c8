package io.ferry.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferry} command. */
@Command(name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Ferry: a Kafka Connect compatible data integration runtime.",
        subcommands = {
                StandaloneCommand.class,
                DistributedCommand.class,
                QuickstartCommand.class,
                CommandLine.HelpCommand.class
        })
public final class FerryCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new FerryCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ferry: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(FerryCli.class).debug("Command failed", e);
            return 1;
        });
        int exit = cli.execute(args);
        System.exit(exit);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
