package io.ferry.runtime.rest.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostCheckTest {

    @Test
    void answersToLoopbackNamesAndAnyAddress() {
        HostCheck check = new HostCheck(List.of(), List.of("127.0.0.1"), false);
        for (String host : new String[]{"localhost", "localhost:8083", "LOCALHOST.", "127.0.0.1:8083", "[::1]:8083",
                "[::1]", "10.1.2.3", "192.168.0.7:8083", "app.localhost", null, ""}) {
            assertThat(check.allows(host)).as(host).isTrue();
        }
    }

    @Test
    void refusesOtherNames() {
        HostCheck check = new HostCheck(List.of(), List.of("127.0.0.1"), false);
        for (String host : new String[]{"evil.example", "evil.example:8083", "localhost.evil.example", "127.0.0.1.nip.io",
                "2130706433"}) {
            assertThat(check.allows(host)).as(host).isFalse();
        }
    }

    @Test
    void answersToListenerAndAdvertisedNames() {
        HostCheck check = new HostCheck(List.of(), List.of("connect-1.internal", "", "Connect-1.Example.COM"), false);
        assertThat(check.allows("connect-1.internal:8083")).isTrue();
        assertThat(check.allows("connect-1.example.com")).isTrue();
        assertThat(check.allows("connect-2.internal")).isFalse();
    }

    @Test
    void allowListTakesNamesDomainsAndStar() {
        HostCheck check = new HostCheck(List.of("connect.example.com", "*.svc.cluster.local"), List.of(), false);
        assertThat(check.allows("connect.example.com:443")).isTrue();
        assertThat(check.allows("ferry.ns.svc.cluster.local")).isTrue();
        assertThat(check.allows("svc.cluster.local.evil.example")).isFalse();
        assertThat(check.isOff()).isFalse();

        HostCheck off = new HostCheck(List.of("*"), List.of(), false);
        assertThat(off.isOff()).isTrue();
        assertThat(off.allows("evil.example")).isTrue();
    }

    @Test
    void aWildcardListenerAnswersToTheMachinesName() throws Exception {
        String name = java.net.InetAddress.getLocalHost().getHostName();
        assertThat(new HostCheck(List.of(), List.of(""), true).allows(name + ":8083")).isTrue();
    }
}
