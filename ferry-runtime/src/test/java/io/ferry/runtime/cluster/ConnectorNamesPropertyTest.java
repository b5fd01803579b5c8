package io.ferry.runtime.cluster;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.UriCompliance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name the rule lets a new connector have is addressable even under Jetty's default URI rules (no relaxation
 * needed), from the longest path of the API, and fits the request line.
 */
class ConnectorNamesPropertyTest {

    private static final ConfigDef.Validator NAME_SETTING = ConfigDef.NonEmptyStringWithoutControlChars.nonEmptyStringWithoutControlChars();

    @Property(tries = 2000)
    void everyNameTheRuleAcceptsCanBeAddressedByAnyClient(@ForAll("names") String name) {
        Assume.that(ConnectorNames.problem(name) == null && acceptedByTheNameSetting(name));
        String segment = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        String path = "/connectors/" + segment + "/tasks/2147483647/restart";
        HttpURI uri = HttpURI.build(path + "?includeTasks=true&onlyFailed=true");

        assertThat(uri.getViolations()).as(path).allMatch(UriCompliance.DEFAULT::allows);
        assertThat(uri.getDecodedPath()).isEqualTo("/connectors/" + name + "/tasks/2147483647/restart");
        assertThat(path.getBytes(StandardCharsets.US_ASCII).length).isLessThan(4 * 1024);
    }

    @Property(tries = 500)
    void everyNameWithASeparatorOrPercentIsRefused(@ForAll("names") String prefix, @ForAll("names") String suffix,
                                                  @ForAll("unaddressable") String character) {
        assertThat(ConnectorNames.problem(prefix + character + suffix)).isNotNull();
    }

    private static boolean acceptedByTheNameSetting(String name) {
        try {
            NAME_SETTING.ensureValid("name", name);
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<String> unaddressable() {
        return Arbitraries.of("/", "\\", "%");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(20)),
                Tuple.of(2, Arbitraries.strings().withChars("./\\%?#;+ é日\uD83D\uDE00").ofMaxLength(6)),
                Tuple.of(1, Arbitraries.strings().all().ofMinLength(200).ofMaxLength(ConnectorNames.MAX_LENGTH)),
                // The characters with the longest encoding (12 bytes each), up to and past the limit.
                Tuple.of(1, Arbitraries.of("\uD83D\uDE00", "日").list().ofMinSize(250).ofMaxSize(260)
                        .map(parts -> String.join("", parts))));
    }
}
