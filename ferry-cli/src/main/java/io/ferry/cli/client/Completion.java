package io.ferry.cli.client;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry completion}: a bash/zsh completion script, for {@code source <(bin/ferry completion)}. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a bash/zsh completion script: source <(bin/ferry completion)")
public final class Completion implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("ferry", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
