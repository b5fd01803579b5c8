package io.ferry.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Readings of a process from Linux's /proc: resident memory, threads, CPU time. */
public final class ProcStats {

    /** /proc/PID/stat counts CPU time in clock ticks; Linux reports 100 a second (getconf CLK_TCK) nearly everywhere. */
    private static final double TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    /** VmRSS in KiB. */
    public static long rssKib(long pid) {
        return statusField(pid, "VmRSS:");
    }

    public static long threads(long pid) {
        return statusField(pid, "Threads:");
    }

    /** User plus system CPU seconds the process has used so far (fields 14 and 15 of /proc/PID/stat). */
    public static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) is in parentheses and may contain spaces: count fields after its closing one.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    private static long statusField(long pid, String name) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(name)) {
                return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("No " + name + " for process " + pid);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " (has the worker exited?)", e);
        }
    }

    private static double clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            return getconf.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
