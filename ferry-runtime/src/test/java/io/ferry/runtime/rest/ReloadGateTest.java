package io.ferry.runtime.rest;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The swap to the full REST API never overlaps a request: it waits for those in flight. */
class ReloadGateTest {

    private final ReloadGate gate = new ReloadGate();
    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void theSwapWaitsForTheRequestInFlightAndLaterRequestsPassStraightThrough() throws Exception {
        CountDownLatch inRequest = new CountDownLatch(1);
        CountDownLatch finishRequest = new CountDownLatch(1);
        Thread request = new Thread(() -> {
            try {
                gate.doFilter(null, null, (req, res) -> {
                    events.add("request started");
                    inRequest.countDown();
                    try {
                        finishRequest.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    events.add("request finished");
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        request.start();
        inRequest.await();

        Thread swap = new Thread(() -> gate.swap(() -> events.add("swapped")));
        swap.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> swap.getState() == Thread.State.TIMED_WAITING
                || swap.getState() == Thread.State.WAITING);
        assertThat(events).containsExactly("request started");

        finishRequest.countDown();
        swap.join(10_000);
        request.join(10_000);
        assertThat(events).containsExactly("request started", "request finished", "swapped");

        gate.doFilter(null, null, (req, res) -> events.add("after"));
        assertThat(events).endsWith("after");
    }
}
