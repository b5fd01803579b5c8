package io.ferry.cli.client.context;

import io.ferry.cli.client.ClientException;
import io.ferry.cli.client.ClientOptions;
import io.ferry.cli.client.Output;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ferry context ...}: named workers with their credentials, kept in the contexts file. */
@Command(name = "context", mixinStandardHelpOptions = true,
        description = "Named workers with their URL and credentials: set, use, list, current, delete.",
        subcommands = {ContextCommands.Set.class, ContextCommands.Use.class, ContextCommands.ListAll.class,
                ContextCommands.Current.class, ContextCommands.Delete.class})
public final class ContextCommands implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A context command: reads or changes the contexts file, and turns failures into one line on stderr. */
    abstract static class ContextCommand implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE",
                description = "The contexts file. Default: $FERRY_CONFIG, else ~/.config/ferry/contexts.json.")
        Path config;

        @Spec
        CommandSpec spec;

        abstract int run(ContextStore store);

        @Override
        public final Integer call() {
            try {
                return run(new ContextStore(config != null ? config : ContextStore.defaultFile(System.getenv())));
            } catch (ClientException e) {
                spec.commandLine().getErr().println("ferry: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return e.exitCode();
            }
        }

        void print(String line) {
            spec.commandLine().getOut().println(line);
            spec.commandLine().getOut().flush();
        }

        CommandLine.ParameterException usage(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create or replace a context: a worker URL and, optionally, credentials and TLS files.")
    static final class Set extends ContextCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "The worker's REST API.")
        String url;

        @Option(names = "--user", paramLabel = "USER", description = "HTTP basic authentication as this user.")
        String user;

        @ArgGroup(exclusive = true)
        SecretOptions.PasswordSource password;

        @ArgGroup(exclusive = true)
        SecretOptions.TokenSource token;

        @Option(names = "--keystore", paramLabel = "FILE", description = "Client certificate and key (PKCS12 or JKS), for mTLS.")
        Path keystore;

        @ArgGroup(exclusive = true)
        SecretOptions.KeystorePasswordSource keystorePassword;

        @Option(names = "--cert", paramLabel = "FILE", description = "Client certificate chain (PEM), for mTLS, with --key.")
        Path cert;

        @Option(names = "--key", paramLabel = "FILE", description = "The client certificate's key (unencrypted PKCS#8 PEM).")
        Path key;

        @Option(names = "--truststore", paramLabel = "FILE",
                description = "The certificates to trust for the worker: a PEM file, or a PKCS12/JKS keystore.")
        Path truststore;

        @ArgGroup(exclusive = true)
        SecretOptions.TruststorePasswordSource truststorePassword;

        @Option(names = "--use", description = "Also make it the current context.")
        boolean use;

        @Override
        int run(ContextStore store) {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw usage("--url must start with http:// or https://");
            }
            Secret passwordSecret = SecretOptions.secret(password);
            Secret tokenSecret = SecretOptions.secret(token);
            Secret keystoreSecret = SecretOptions.secret(keystorePassword);
            Secret truststoreSecret = SecretOptions.secret(truststorePassword);
            if ((user == null) != (passwordSecret == null)) {
                throw usage("--user needs --password-file or --password-env, and they need --user");
            }
            if (user != null && tokenSecret != null) {
                throw usage("Choose basic credentials (--user) or a bearer token (--token-file, --token-env), not both");
            }
            if (keystore != null && (cert != null || key != null)) {
                throw usage("Choose a client certificate from --keystore or from --cert and --key, not both");
            }
            if ((cert == null) != (key == null)) {
                throw usage("--cert and --key go together");
            }
            if ((keystore == null) != (keystoreSecret == null)) {
                throw usage("--keystore needs --keystore-password-file or --keystore-password-env, and they need --keystore");
            }
            if (truststoreSecret != null && truststore == null) {
                throw usage("--truststore-password-file and --truststore-password-env need --truststore");
            }
            if ((keystore != null || cert != null || truststore != null) && !url.startsWith("https://")) {
                throw usage("--keystore, --cert and --truststore need an https:// URL");
            }
            for (SecretOptions.SecretSource source : Arrays.asList(password, token, keystorePassword, truststorePassword)) {
                if (source != null && source.env() != null) {
                    // A shell-expanded "$VAR" would put the secret itself here, and into the file: refuse it, unshown.
                    if (!source.env().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw usage("An environment variable name is expected after --...-env (write VAR, not $VAR)");
                    }
                    if (System.getenv(source.env()) == null) {
                        spec.commandLine().getErr().println("note: " + source.env() + " is not set here; it must be when the context is used");
                    }
                }
            }
            // Files are checked now, so a typo shows at once rather than at the first command that uses the context.
            for (Path file : Arrays.asList(SecretOptions.file(password), SecretOptions.file(token), keystore,
                    SecretOptions.file(keystorePassword), cert, key, truststore, SecretOptions.file(truststorePassword))) {
                if (file != null && !Files.isReadable(file)) {
                    throw usage("Cannot read " + file);
                }
            }
            WorkerContext context = new WorkerContext(url, user, passwordSecret, tokenSecret, absolute(keystore), keystoreSecret,
                    absolute(cert), absolute(key), absolute(truststore), truststoreSecret);
            boolean replaced = store.get(name).isPresent();
            store.put(name, context);
            if (use) {
                store.use(name);
            }
            print("context " + name + (replaced ? " replaced" : " created") + (use ? " and in use" : "") + " (" + store.file() + ")");
            return 0;
        }

        private static String absolute(Path file) {
            return file == null ? null : file.toAbsolutePath().normalize().toString();
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Make a context the current one.")
    static final class Use extends ContextCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(ContextStore store) {
            store.use(name);
            print("using context " + name + " (" + store.require(name).url() + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the contexts: name, URL, kind of credentials; * marks the current one.")
    static final class ListAll extends ContextCommand {
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table, json or yaml (the file's content). Default: ${DEFAULT-VALUE}.")
        ClientOptions.Format output;

        @Override
        int run(ContextStore store) {
            Output out = new Output(spec.commandLine().getOut(), output);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("current", store.current().orElse(null));
            data.put("contexts", store.contexts());
            if (out.printStructured(data)) {
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            store.contexts().forEach((name, context) -> rows.add(List.of(
                    name.equals(store.current().orElse(null)) ? "*" : "", name, context.url(), context.authSummary())));
            out.table(List.of("CURRENT", "NAME", "URL", "CREDENTIALS"), rows);
            return 0;
        }
    }

    @Command(name = "current", mixinStandardHelpOptions = true, description = "Print the current context's name.")
    static final class Current extends ContextCommand {
        @Override
        int run(ContextStore store) {
            String current = store.current().orElseThrow(() -> new ClientException(ClientException.NOT_FOUND,
                    "no current context (choose one with ferry context use NAME)"));
            print(current);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a context (its secret files are left alone); if it was current, none is.")
    static final class Delete extends ContextCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        int run(ContextStore store) {
            if (!store.delete(name)) {
                store.require(name);
            }
            print("context " + name + " deleted");
            return 0;
        }
    }
}
