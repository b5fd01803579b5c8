package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.storage.ClusterConfigStore;
import org.apache.kafka.common.utils.MockTime;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the herder claims and gives up the leader's write privileges on the config topic. */
class LeaderWritePrivilegesTest {

    private final MockTime time = new MockTime(0, 1_000, 0);
    private final List<String> calls = new ArrayList<>();
    /** How many of the next claims fail. */
    private int failingClaims;
    private final ClusterConfigStore store = (ClusterConfigStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[]{ClusterConfigStore.class}, (proxy, method, args) -> {
                switch (method.getName()) {
                    case "claimWritePrivileges" -> {
                        calls.add("claim");
                        if (failingClaims > 0) {
                            failingClaims--;
                            throw new ConnectException("Failed to create and initialize fencable producer for config topic");
                        }
                    }
                    case "releaseWritePrivileges" -> calls.add("release");
                    default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
            });
    private final LeaderWritePrivileges privileges = new LeaderWritePrivileges(store, time);

    @Test
    void theLeaderClaimsAndClaimsAgainEachRoundWhichTheStoreIgnoresWhileItHoldsThem() {
        privileges.leadership(true);
        assertThat(calls).containsExactly("claim");
        assertThat(privileges.dueInMs()).isEqualTo(Long.MAX_VALUE);
        privileges.claimIfNeeded();
        assertThat(calls).containsExactly("claim", "claim");
    }

    @Test
    void aFailedClaimIsRetriedAfterTheBackoff() {
        failingClaims = 1;
        privileges.leadership(true);
        assertThat(privileges.dueInMs()).isEqualTo(250);

        time.sleep(249);
        privileges.claimIfNeeded();
        assertThat(calls).as("not before the backoff").containsExactly("claim");
        assertThat(privileges.dueInMs()).isEqualTo(1);

        time.sleep(1);
        privileges.claimIfNeeded();
        assertThat(calls).containsExactly("claim", "claim");
        assertThat(privileges.dueInMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aWorkerThatNoLongerLeadsGivesThemUpAndClaimsNothing() {
        failingClaims = 1;
        privileges.leadership(true);
        privileges.leadership(false);
        assertThat(calls).containsExactly("claim", "release");
        time.sleep(1_000);
        privileges.claimIfNeeded();
        assertThat(calls).containsExactly("claim", "release");
        assertThat(privileges.dueInMs()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aFollowerNeverClaims() {
        privileges.leadership(false);
        privileges.claimIfNeeded();
        assertThat(calls).containsExactly("release");
    }
}
