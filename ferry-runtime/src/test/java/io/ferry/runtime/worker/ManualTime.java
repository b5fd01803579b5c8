package io.ferry.runtime.worker;

import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Time;

import java.util.function.Supplier;

/**
 * A clock that moves only when the code under test waits or sleeps: a wait whose condition does not hold jumps to
 * its deadline at once, so timeouts of minutes are tested in no time.
 */
public final class ManualTime implements Time {

    public static final long START = 1_000_000L;

    private long now = START;

    @Override
    public synchronized long milliseconds() {
        return now;
    }

    @Override
    public synchronized long nanoseconds() {
        return now * 1_000_000L;
    }

    @Override
    public synchronized void sleep(long ms) {
        now += ms;
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        synchronized (obj) {
            if (condition.get()) {
                return;
            }
        }
        synchronized (this) {
            now = Math.max(now, deadlineMs);
        }
        throw new TimeoutException("Condition not satisfied before the deadline");
    }
}
