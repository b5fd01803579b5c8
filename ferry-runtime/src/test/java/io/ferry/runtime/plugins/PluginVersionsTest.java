package io.ferry.runtime.plugins;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginVersionsTest {

    @Test
    void ordersVersionsLikeMaven() {
        assertThat(PluginVersions.compare("1.10.0", "1.9.2")).isPositive();
        assertThat(PluginVersions.compare("3.6.1.Final", "3.6.1")).isZero();
        assertThat(PluginVersions.compare("2.0.0-SNAPSHOT", "2.0.0")).isNegative();
        assertThat(PluginVersions.compare("2.0.0-rc1", "2.0.0-SNAPSHOT")).isNegative();
        assertThat(PluginVersions.compare("1.0", "1.0.0")).isZero();
        assertThat(PluginVersions.compare("undefined", "0.1")).isNegative();
    }

    @Test
    void matchesExactVersionsRangesAndLatest() {
        assertThat(PluginVersions.matches(null, "1.0")).isTrue();
        assertThat(PluginVersions.matches("latest", "1.0")).isTrue();
        assertThat(PluginVersions.matches("1.2.3", "1.2.3")).isTrue();
        assertThat(PluginVersions.matches("1.2.3", "1.2.4")).isFalse();
        assertThat(PluginVersions.matches("[1.0,2.0)", "1.9.9")).isTrue();
        assertThat(PluginVersions.matches("[1.0,2.0)", "2.0")).isFalse();
        assertThat(PluginVersions.matches("(,1.0],[3.0,)", "3.1")).isTrue();
        assertThat(PluginVersions.matches("(,1.0],[3.0,)", "2.0")).isFalse();
        assertThatThrownBy(() -> PluginVersions.validate("[1.0")).hasMessageContaining("Invalid version specification");
    }
}
