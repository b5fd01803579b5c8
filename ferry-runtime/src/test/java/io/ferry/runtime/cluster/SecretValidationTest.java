package io.ferry.runtime.cluster;

import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Validation with config providers answers about values without ever showing what a provider read. */
class SecretValidationTest {

    private static final String SECRET = "root:x:0:0:root:/root:/bin/bash";

    @TempDir
    Path dir;

    private ConnectorValidator validator(Path allowed) {
        return TestPlugins.validator(Map.of("config.providers", "file",
                "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                "config.providers.file.param.allowed.paths", allowed.toString()));
    }

    private static ConfigInfos.ConfigValueInfo value(ConfigInfos infos, String key) {
        Optional<ConfigInfos.ConfigValueInfo> found = infos.configs().stream().map(ConfigInfos.ConfigInfo::value)
                .filter(v -> v != null && v.name().equals(key)).findFirst();
        assertThat(found).as(key).isPresent();
        return found.get();
    }

    @Test
    void validationShowsThePlaceholderAndNeverTheContent() throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "root=" + SECRET + "\nport=6543\n");
        String bad = "${file:" + file + ":root}";
        String port = "${file:" + file + ":port}";
        ConnectorValidator validator = validator(dir);

        ConfigInfos infos = validator.validate(Map.of("connector.class", PasswordConnector.CLASS, "name", "c",
                "tasks.max", bad, "db.port", port, "db.password", bad));

        assertThat(value(infos, "tasks.max").value()).isEqualTo(bad);
        assertThat(value(infos, "tasks.max").errors()).isNotEmpty()
                .allSatisfy(e -> assertThat(e).doesNotContain(SECRET).doesNotContain("/bin/bash"));
        assertThat(value(infos, "db.port").value()).isEqualTo(port);
        assertThat(value(infos, "db.password").value()).isEqualTo(bad);
        assertThat(infos.toString()).doesNotContain(SECRET).doesNotContain("6543");
    }

    @Test
    void aRefusedConfigNamesThePlaceholderNotTheContent() throws Exception {
        Path file = Files.writeString(dir.resolve("secrets.properties"), "root=" + SECRET + "\n");
        String bad = "${file:" + file + ":root}";

        assertThatThrownBy(() -> ConnectorRequests.rejectIfInvalid(validator(dir),
                Map.of("connector.class", PasswordConnector.CLASS, "name", "c", "tasks.max", bad)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(bad)
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aPathOutsideTheAllowedPathsIsAnErrorOfItsKey() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("secrets"));
        Path outside = Files.writeString(dir.resolve("outside.properties"), "root=" + SECRET + "\n");
        String ref = "${file:" + outside + ":root}";

        ConfigInfos infos = validator(allowed).validate(Map.of("connector.class", PasswordConnector.CLASS, "name", "c",
                "db.password", ref));

        assertThat(value(infos, "db.password").value()).isEqualTo(ref);
        assertThat(value(infos, "db.password").errors()).singleElement().asString()
                .contains("config.providers.file.param.allowed.paths").doesNotContain(SECRET);
        assertThat(infos.errorCount()).isEqualTo(1);
    }
}
