package io.ferry.cli;

import io.ferry.cli.client.Apply;
import io.ferry.cli.client.Completion;
import io.ferry.cli.client.ConnectorCommands;
import io.ferry.cli.client.Loggers;
import io.ferry.cli.client.Offsets;
import io.ferry.cli.client.Patch;
import io.ferry.cli.client.Plugins;
import io.ferry.cli.client.Validate;
import io.ferry.cli.client.context.ContextCommands;
import io.ferry.cli.plugin.PluginCommands;
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
                ConnectorCommands.Get.class,
                ConnectorCommands.Describe.class,
                Apply.class,
                Patch.class,
                ConnectorCommands.Delete.class,
                ConnectorCommands.Restart.class,
                ConnectorCommands.Pause.class,
                ConnectorCommands.Resume.class,
                ConnectorCommands.Stop.class,
                Offsets.class,
                Plugins.class,
                PluginCommands.class,
                Validate.class,
                Loggers.class,
                ContextCommands.class,
                Completion.class,
                CommandLine.HelpCommand.class
        })
public final class FerryCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with its error handling; tests run commands through it. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new FerryCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("ferry: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(FerryCli.class).debug("Command failed", e);
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
