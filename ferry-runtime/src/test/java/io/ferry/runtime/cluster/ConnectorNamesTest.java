package io.ferry.runtime.cluster;

import io.ferry.runtime.model.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnectorNamesTest {

    @Test
    void namesTheApiCanAddressAreAccepted() {
        for (String name : List.of("my-connector", "a b", "é", "日本", "\uD83D\uDE00", "a?b", "a#b", "a;b", "a+b", "...",
                ".hidden", "x".repeat(ConnectorNames.MAX_LENGTH), "\uD83D\uDE00".repeat(ConnectorNames.MAX_LENGTH))) {
            assertThat(ConnectorNames.problem(name)).as(name).isNull();
        }
    }

    @Test
    void emptyNamesAndControlCharactersAreLeftToTheNameSettingsOwnValidator() {
        assertThat(ConnectorNames.problem("")).isNull();
        assertThat(ConnectorNames.problem(null)).isNull();
        assertThat(ConnectorNames.problem("a\u0001b")).isNull();
    }

    @Test
    void unaddressableNamesAreRefusedWithWhatIsWrongAndWhatIsAllowed() {
        assertThat(ConnectorNames.problem("a/b")).isEqualTo("Connector name 'a/b' contains '/', so the REST API could not"
                + " address it. Connector names may hold any characters except '/', '\\', '%' and control characters,"
                + " may not be blank, '.' or '..', and may be at most 255 characters long.");
        assertThat(ConnectorNames.problem("a\\b")).contains("contains '\\'");
        assertThat(ConnectorNames.problem("50%")).contains("contains '%'");
        assertThat(ConnectorNames.problem(".")).contains("is a dot segment");
        assertThat(ConnectorNames.problem("..")).contains("is a dot segment");
        assertThat(ConnectorNames.problem("  ")).contains("is blank");
        assertThat(ConnectorNames.problem("a\uD800b")).contains("half of a UTF-16 surrogate pair").contains("'a\uFFFDb'");
        assertThat(ConnectorNames.problem("x".repeat(9000)))
                .startsWith("Connector name '" + "x".repeat(40) + "...' is 9000 characters long");
        assertThatThrownBy(() -> ConnectorNames.requireAddressable("a/b")).isInstanceOf(InvalidRequestException.class);
    }
}
