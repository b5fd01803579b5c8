package io.ferry.runtime.rest.security;

import io.ferry.runtime.config.StandaloneConfig;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The one warning a worker logs at start when anyone on the network could use its REST API. */
class ExposureWarningTest {

    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Logger logger = (Logger) LogManager.getLogger(RestSecurity.class);
    private final AbstractAppender appender = new AbstractAppender("captured", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            if (event.getLevel() == Level.WARN) {
                warnings.add(event.getMessage().getFormattedMessage());
            }
        }
    };

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.removeAppender(appender);
    }

    private void start(Map<String, String> extra, RestSecurity.Endpoint... endpoints) {
        Map<String, String> props = new HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:9092"));
        props.putAll(extra);
        RestSecurity.of(new StandaloneConfig(props), List.of(endpoints)).warnIfExposed(List.of(endpoints));
    }

    private static RestSecurity.Endpoint http(String host) {
        return new RestSecurity.Endpoint("http://" + host + ":8083", host, false);
    }

    @Test
    void everyInterfaceWithoutAuthenticationIsWarnedAboutOnceNamingTheKeys() {
        start(Map.of(), http(""), http("0.0.0.0"), http("127.0.0.1"));

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("listens on [http://:8083, http://0.0.0.0:8083], which other machines can reach")
                .contains("rest.auth.users.file").contains("rest.auth.tokens.file")
                .contains("rest.auth.certificates.file").contains("docs/security.md");
    }

    @Test
    void loopbackListenersAreNotWarnedAbout() {
        start(Map.of(), http("127.0.0.1"), http("localhost"), http("[::1]"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void authenticationARestExtensionOrRequiredClientCertificatesSilenceIt(@TempDir Path dir) throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "");
        start(Map.of("rest.auth.tokens.file", tokens.toString()), http(""));
        start(Map.of("rest.extension.classes", "com.example.AuthExtension"), http(""));
        start(Map.of(), new RestSecurity.Endpoint("https://:8443", "", true));
        assertThat(warnings).isEmpty();
    }
}
