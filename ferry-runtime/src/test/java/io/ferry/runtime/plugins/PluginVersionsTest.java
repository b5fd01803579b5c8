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
    }

    @Test
    void aBareVersionIsTheRangeOfItselfAsInMaven() {
        assertThat(PluginVersions.matches("1.0,2.0", "1.5")).isTrue();
        assertThat(PluginVersions.matches("1.0,2.0", "2.1")).isFalse();
        assertThat(PluginVersions.matches("[1.0]", "1.0")).isTrue();
    }

    @Test
    void malformedRequirementsAreRefusedInMavensWords() {
        assertThatThrownBy(() -> PluginVersions.validate("[1.0,2.0")).hasMessage("Unbounded range: [1.0,2.0");
        assertThatThrownBy(() -> PluginVersions.validate("(,")).hasMessage("Unbounded range: (,");
        assertThatThrownBy(() -> PluginVersions.validate("(1.0)")).hasMessage("Single version must be surrounded by []: (1.0)");
        assertThatThrownBy(() -> PluginVersions.validate("[2.0,1.0]")).hasMessage("Range defies version ordering: [2.0,1.0]");
        assertThatThrownBy(() -> PluginVersions.validate("[1.0,1.0)")).hasMessage("Range defies version ordering: [1.0,1.0)");
        assertThatThrownBy(() -> PluginVersions.validate("[1.0,3.0],[2.0,4.0]")).hasMessage("Ranges overlap: [1.0,3.0],[2.0,4.0]");
        assertThatThrownBy(() -> PluginVersions.validate("[1.0,2.0],3.0"))
                .hasMessage("Only fully-qualified sets allowed in multiple set scenario: [1.0,2.0],3.0");
        assertThatThrownBy(() -> PluginVersions.validate("x]"))
                .hasMessage("Only fully-qualified sets allowed in multiple set scenario: [x]]");
    }
}
