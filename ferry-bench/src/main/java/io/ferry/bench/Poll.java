package io.ferry.bench;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** Waiting for a condition by polling it, with a deadline: the bench never sleeps to synchronise. */
public final class Poll {

    private Poll() {
    }

    /** Polls {@code condition} every {@code interval} until it holds; throws once {@code timeout} has passed. */
    public static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException(what + " not reached within " + timeout.toSeconds() + " s");
            }
            LockSupport.parkNanos(interval.toNanos());
        }
    }

    public static double secondsSince(long startNanos) {
        return secondsBetween(startNanos, System.nanoTime());
    }

    public static double secondsBetween(long startNanos, long endNanos) {
        return (endNanos - startNanos) / 1e9;
    }
}
