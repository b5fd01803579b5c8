package io.ferry.runtime.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Apache Kafka Connect's two hops: a client's request goes on with forward=true, then forward=false, then no further. */
class ForwardingHopsTest {

    @Test
    void aClientsRequestIsForwardedWithForwardTrueKeepingItsQuery() {
        assertThat(ForwardingHops.nextHop(null, false)).contains("forward=true");
        assertThat(ForwardingHops.nextHop("", false)).contains("forward=true");
        assertThat(ForwardingHops.nextHop("includeTasks=true&onlyFailed=false", false))
                .contains("includeTasks=true&onlyFailed=false&forward=true");
    }

    @Test
    void aRequestForwardedOnceMayGoOnceMoreWithForwardFalse() {
        assertThat(ForwardingHops.nextHop("forward=true&includeTasks=true", false))
                .contains("includeTasks=true&forward=false");
        assertThat(ForwardingHops.nextHop("forward=TRUE", false)).contains("forward=false");
    }

    @Test
    void aRequestWithForwardFalseOrAnyOtherValueGoesNoFurther() {
        assertThat(ForwardingHops.nextHop("forward=false", false)).isEmpty();
        assertThat(ForwardingHops.nextHop("includeTasks=true&forward=false", false)).isEmpty();
        assertThat(ForwardingHops.nextHop("forward=yes", false)).isEmpty();
        assertThat(ForwardingHops.nextHop("forward", false)).isEmpty();
        // The first value counts.
        assertThat(ForwardingHops.nextHop("forward=false&forward=true", false)).isEmpty();
    }

    @Test
    void aRequestMarkedForwardedByAnOlderWorkerGoesNoFurtherUnlessItSaysForwardTrue() {
        assertThat(ForwardingHops.nextHop(null, true)).isEmpty();
        assertThat(ForwardingHops.nextHop("forward=true", true)).contains("forward=false");
    }
}
