package io.ferry.runtime.cluster;

import io.ferry.runtime.config.StandaloneConfig;
import io.ferry.runtime.model.ConnectorTaskId;
import io.ferry.runtime.model.TaskInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordMaskingTest {

    private static final StandaloneConfig WORKER = new StandaloneConfig(Map.of("bootstrap.servers", "127.0.0.1:9",
            "offset.storage.file.filename", "unused"));

    private final PasswordMasking masking = new PasswordMasking(TestPlugins.plugins(), WORKER, true);

    private static Map<String, String> config(String password) {
        return Map.of("connector.class", PasswordConnector.CLASS, "name", "c", "db.password", password,
                "db.port", "5432", "producer.override.ssl.key.password", "key-pass");
    }

    @Test
    void passwordKeysOfTheConnectorAndOfKafkaClientsAreMasked() {
        assertThat(masking.mask(config("hunter2")))
                .containsEntry("db.password", "[hidden]")
                .containsEntry("producer.override.ssl.key.password", "[hidden]")
                .containsEntry("db.port", "5432")
                .containsEntry("name", "c");
    }

    @Test
    void aPlaceholderIsShownBecauseItIsNoSecret() {
        assertThat(masking.mask(config("${file:/run/secrets/db.properties:password}")))
                .containsEntry("db.password", "${file:/run/secrets/db.properties:password}");
    }

    @Test
    void theMaskSentBackKeepsTheStoredPassword() {
        Map<String, String> stored = config("hunter2");
        Map<String, String> edited = new java.util.HashMap<>(masking.mask(stored));
        edited.put("db.port", "6543");

        Map<String, String> restored = masking.restore(edited, stored);

        assertThat(restored).containsEntry("db.password", "hunter2")
                .containsEntry("producer.override.ssl.key.password", "key-pass")
                .containsEntry("db.port", "6543");
        assertThat(masking.restore(Map.of("db.password", "[hidden]"), stored)).containsEntry("db.password", "hunter2");
        assertThat(masking.restore(Map.of("db.password", "new-password"), stored))
                .containsEntry("db.password", "new-password");
        // Nothing stored to keep: the value is taken as sent.
        assertThat(masking.restore(config("[hidden]"), null)).containsEntry("db.password", "[hidden]");
    }

    @Test
    void taskConfigsHideThePasswordUnderItsKeyAndUnderAnyOther() {
        List<TaskInfo> tasks = List.of(new TaskInfo(new ConnectorTaskId("c", 0),
                Map.of("db.password", "hunter2", "connection.secret", "hunter2", "db.port", "5432")));

        assertThat(masking.maskTasks(config("hunter2"), tasks).get(0).config())
                .containsEntry("db.password", "[hidden]")
                .containsEntry("connection.secret", "[hidden]")
                .containsEntry("db.port", "5432");
    }

    @Test
    void withoutItsPluginPasswordsAreRecognisedByName() {
        assertThat(masking.mask(Map.of("connector.class", "com.example.Gone", "database.password", "x",
                "database.user", "u"))).containsEntry("database.password", "[hidden]").containsEntry("database.user", "u");
    }

    @Test
    void maskingOffShowsValuesAsApacheDoes() {
        PasswordMasking off = new PasswordMasking(TestPlugins.plugins(), WORKER, false);

        assertThat(off.mask(config("hunter2"))).containsEntry("db.password", "hunter2");
        assertThat(off.restore(Map.of("db.password", "[hidden]"), config("hunter2"))).containsEntry("db.password", "[hidden]");
    }
}
