package io.ferry.runtime.cluster;

import org.apache.kafka.connect.errors.ConnectException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Work handed to the herder thread, run there one at a time in the order it came: every change to what runs goes
 * through it, so REST requests, config changes and connector callbacks never race. The caller waits for the result
 * at most a timeout; the work's own exception reaches the caller as it is.
 */
public final class HerderRequests {

    private final BlockingQueue<FutureTask<?>> queue = new LinkedBlockingQueue<>();
    private final Runnable wakeup;
    private volatile boolean closed;

    /** @param wakeup interrupts whatever the herder thread blocks on, so it gets to the new work soon */
    public HerderRequests(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    /** Runs {@code work} on the herder thread and waits for its result. */
    public <V> V call(Callable<V> work, long timeoutMs) {
        FutureTask<V> task = new FutureTask<>(work);
        enqueue(task);
        return await(task, timeoutMs);
    }

    /** Runs {@code work} on the herder thread without waiting for it. */
    public void submit(Runnable work) {
        enqueue(new FutureTask<>(work, null));
    }

    private void enqueue(FutureTask<?> task) {
        if (closed) {
            throw new ConnectException("The worker is stopping");
        }
        queue.add(task);
        wakeup.run();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Runs every waiting request; called by the herder thread. */
    public void runPending() {
        FutureTask<?> task;
        while ((task = queue.poll()) != null) {
            task.run();
        }
    }

    /** Waits up to {@code timeoutMs} for a request and runs it; called by a herder thread that has nothing else to do. */
    public void runNext(long timeoutMs) throws InterruptedException {
        FutureTask<?> task = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (task != null) {
            task.run();
        }
    }

    /** Refuses new requests and cancels those still waiting. */
    public void close() {
        closed = true;
        FutureTask<?> task;
        while ((task = queue.poll()) != null) {
            task.cancel(false);
        }
    }

    public boolean closed() {
        return closed;
    }

    /** Waits for work handed to the herder thread, passing its exception on as it is. */
    static <V> V await(FutureTask<V> work, long timeoutMs) {
        try {
            return work.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ConnectException(cause);
        } catch (TimeoutException e) {
            throw new ConnectException("Request timed out: the herder is still busy with an earlier request");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting for the herder");
        } catch (CancellationException e) {
            throw new ConnectException("The worker is stopping");
        }
    }
}
