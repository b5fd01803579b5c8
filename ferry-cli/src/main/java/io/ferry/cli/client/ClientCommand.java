package io.ferry.cli.client;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** A command that talks to a worker: runs, and turns failures into one line on stderr and an exit code. */
public abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    protected ClientOptions options;

    @Spec
    protected CommandSpec spec;

    /** Does the work; returns the exit code. */
    protected abstract int run(WorkerClient client, Output out);

    @Override
    public final Integer call() {
        try {
            return run(options.client(), new Output(spec.commandLine().getOut(), options.output()));
        } catch (ClientException e) {
            spec.commandLine().getErr().println("ferry: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.exitCode();
        }
    }

    protected CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
