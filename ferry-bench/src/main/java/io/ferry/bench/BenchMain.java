package io.ferry.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code bin/ferry-bench}: Ferry and Apache Kafka Connect 4.3.1 on the same pipelines, as a Markdown table. */
@Command(name = "ferry-bench", mixinStandardHelpOptions = true,
        description = "Runs the same pipelines on Ferry and on Apache Kafka Connect 4.3.1 and prints the figures side by side.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--records", description = "Records per pipeline run (default: ${DEFAULT-VALUE}).")
    int records = 1_000_000;

    @Option(names = "--record-size", description = "Bytes per record, a line of printable ASCII (default: ${DEFAULT-VALUE}).")
    int recordSize = 100;

    @Option(names = "--rounds", description = "Rounds; the table shows medians over them (default: ${DEFAULT-VALUE}).")
    int rounds = 2;

    @Option(names = "--runtimes", split = ",", description = "ferry, apache or both (default: apache,ferry).")
    List<String> runtimes = List.of("apache", "ferry");

    @Option(names = "--scenarios", split = ",",
            description = "Among start, source-string, source-json, sink-string, raw, scale, partitions (default: all).")
    List<String> scenarios = Arrays.stream(Scenario.values()).map(s -> s.id).toList();

    @Option(names = "--connectors", description = "Connectors of the scale scenario (default: ${DEFAULT-VALUE}).")
    int connectors = 200;

    @Option(names = "--work-dir", description = "Files, logs and broker data of the run; wiped at the start "
            + "(default: ferry-bench/target/bench-work). The results go to bench-results.md next to it.")
    Path workDir;

    @Option(names = "--worker-jvm-opts", description = "Further JVM options for both workers, e.g. "
            + "'-XX:StartFlightRecording=filename=w.jfr,settings=profile'.")
    String workerJvmOpts = "";

    @Option(names = "--ferry-home", description = "The Ferry checkout (default: the ferry.home system property).")
    Path ferryHome;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        String markdown = new Bench(settings, System.err).run();
        System.out.println(markdown);
        Path resultsFile = settings.workDir().toAbsolutePath().getParent().resolve("bench-results.md");
        Files.writeString(resultsFile, markdown);
        System.err.println("Results written to " + resultsFile + "; worker logs in " + settings.workDir());
        return 0;
    }

    BenchSettings settings() {
        Path home = (ferryHome != null ? ferryHome : Path.of(System.getProperty("ferry.home", "."))).toAbsolutePath().normalize();
        Path target = home.resolve("ferry-bench/target");
        Path work = (workDir != null ? workDir : target.resolve("bench-work")).toAbsolutePath().normalize();
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        scenarios.forEach(s -> chosen.add(Scenario.byId(s)));
        List<RuntimeKind> kinds = runtimes.stream().map(RuntimeKind::byId).distinct().sorted().toList();
        List<String> jvmOptions = workerJvmOpts.isBlank() ? List.of() : List.of(workerJvmOpts.trim().split("\\s+"));
        if (records < 1 || recordSize < 1 || rounds < 1 || connectors < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--records, --record-size, --rounds and "
                    + "--connectors must be at least 1");
        }
        return new BenchSettings(records, recordSize, rounds, kinds, chosen, connectors, work, jvmOptions, home, target);
    }
}
