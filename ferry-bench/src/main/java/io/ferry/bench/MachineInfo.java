package io.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on, for the header of the results. */
public final class MachineInfo {

    private MachineInfo() {
    }

    /** Processors, memory, operating system, the workers' Java and Ferry's commit. */
    public static List<String> describe(BenchSettings settings) {
        String memTotal = firstLineStartingWith(Path.of("/proc/meminfo"), "MemTotal:").replace("MemTotal:", "").trim();
        String os = firstLineStartingWith(Path.of("/etc/os-release"), "PRETTY_NAME=").replace("PRETTY_NAME=", "")
                .replace("\"", "");
        String kernel = output(List.of("uname", "-r"));
        List<String> version = output(List.of(settings.javaExecutable().toString(), "-version")).lines().toList();
        String java = version.isEmpty() ? "?" : version.get(0) + (version.size() > 2 ? " (" + version.get(2) + ")" : "");
        String commit = output(List.of("git", "-C", settings.ferryHome().toString(), "rev-parse", "--short", "HEAD"));
        return List.of(
                "machine: " + Runtime.getRuntime().availableProcessors() + " processors (nproc), MemTotal " + memTotal
                        + ", " + os + ", Linux " + kernel,
                "workers' Java: " + java,
                "Ferry commit: " + commit);
    }

    /** The content of /proc/loadavg. */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static String firstLineStartingWith(Path file, String prefix) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String output(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor(30, TimeUnit.SECONDS) ? out : "?";
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
