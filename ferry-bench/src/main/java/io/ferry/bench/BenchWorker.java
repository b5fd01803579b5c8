package io.ferry.bench;

import io.ferry.testsupport.Rest;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** A worker process the bench started, with its REST API and its /proc readings. */
public final class BenchWorker implements AutoCloseable {

    /** Workers still running when the bench exits (interrupted, or failed midway) are killed with it. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "stop-workers"));
    }

    public final RuntimeKind kind;
    public final Path log;
    public final long launchedNanos;
    private final Process process;
    private final Rest rest;

    BenchWorker(RuntimeKind kind, Process process, int port, Path log, long launchedNanos) {
        this.kind = kind;
        this.process = process;
        this.rest = new Rest("http://127.0.0.1:" + port);
        this.log = log;
        this.launchedNanos = launchedNanos;
        RUNNING.add(process);
    }

    public Rest rest() {
        return rest;
    }

    /** The JVM's process id (bin/ferry execs java, so it is the process the bench started). */
    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long rssKib() {
        return ProcStats.rssKib(pid());
    }

    public long threads() {
        return ProcStats.threads(pid());
    }

    public double cpuSeconds() {
        return ProcStats.cpuSeconds(pid());
    }

    /** SIGTERM, as an operator stops a worker; SIGKILL if it has not exited 30 s later. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
        RUNNING.remove(process);
    }
}
