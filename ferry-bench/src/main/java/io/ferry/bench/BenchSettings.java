package io.ferry.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a bench run does.
 *
 * @param ferryHome     the Ferry checkout: {@code bin/ferry}, {@code config/connect-log4j2.properties}
 * @param benchTarget   {@code ferry-bench/target}: {@code apache-lib/} and {@code plugins/}
 * @param workerJvmOptions extra JVM options for both workers (e.g. a flight recording)
 */
public record BenchSettings(int records, int recordSize, int rounds, List<RuntimeKind> runtimes, Set<Scenario> scenarios,
                            int connectors, Path workDir, List<String> workerJvmOptions, Path ferryHome,
                            Path benchTarget) {

    public boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** The bytes a sink file holds once all records are written: each line plus its newline. */
    public long sinkFileBytes() {
        return (long) records * (recordSize + 1);
    }

    public Path pluginPath() {
        return benchTarget.resolve("plugins");
    }

    public Path apacheLib() {
        return benchTarget.resolve("apache-lib");
    }

    public Path logConfig() {
        return ferryHome.resolve("config/connect-log4j2.properties");
    }

    public Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
