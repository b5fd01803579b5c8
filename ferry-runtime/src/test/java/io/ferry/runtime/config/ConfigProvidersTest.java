package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.config.provider.EnvVarConfigProvider;
import org.apache.kafka.common.config.provider.FileConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigProvidersTest {

    @TempDir
    Path dir;

    private ConfigProviders fileProvider(String allowedPaths) {
        Map<String, String> params = new HashMap<>();
        if (allowedPaths != null) {
            params.put("allowed.paths", allowedPaths);
        }
        FileConfigProvider file = new FileConfigProvider();
        file.configure(params);
        return new ConfigProviders(Map.of("file", file),
                Map.of("file", ProviderAccess.of("file", FileConfigProvider.class, params)));
    }

    private ConfigProviders envProvider(String pattern) {
        Map<String, String> params = new HashMap<>();
        if (pattern != null) {
            params.put("allowlist.pattern", pattern);
        }
        ConfigProvider env = new EnvVarConfigProvider(Map.of("DB_PASSWORD", "s3cret-env", "AWS_SECRET", "aws-key"));
        env.configure(params);
        return new ConfigProviders(Map.of("env", env),
                Map.of("env", ProviderAccess.of("env", EnvVarConfigProvider.class, params)));
    }

    private Path secrets(String content) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets")).resolve("db.properties");
        Files.writeString(secrets, content);
        return secrets;
    }

    @Test
    void fileProviderWithoutAllowedPathsReadsNothingAndSaysWhichKeyToSet() throws Exception {
        Path file = secrets("password=hunter2\n");
        ConfigProviders providers = fileProvider(null);
        Map<String, String> config = Map.of("db.password", "${file:" + file + ":password}");

        assertThatThrownBy(() -> providers.resolve(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("db.password")
                .hasMessageContaining("config.providers.file.param.allowed.paths")
                .hasMessageNotContaining("hunter2");
        Resolution resolution = providers.resolveForValidation(config);
        assertThat(resolution.values()).isEqualTo(config);
        assertThat(resolution.refused().get("db.password")).contains("config.providers.file.param.allowed.paths");
    }

    @Test
    void fileProviderReadsUnderItsAllowedPathsOnly() throws Exception {
        Path file = secrets("password=hunter2\n");
        ConfigProviders providers = fileProvider(file.getParent().toString());

        assertThat(providers.resolve(Map.of("p", "${file:" + file + ":password}"))).containsEntry("p", "hunter2");

        Path outside = Files.writeString(dir.resolve("outside.properties"), "password=other\n");
        String traversal = file.getParent() + "/../outside.properties";
        for (String path : new String[]{outside.toString(), traversal}) {
            assertThatThrownBy(() -> providers.resolve(Map.of("p", "${file:" + path + ":password}")))
                    .as(path)
                    .hasMessageContaining("outside the directories config.providers.file.param.allowed.paths allows")
                    .hasMessageNotContaining("other");
        }
    }

    @Test
    void validationListsWhatWasResolvedSoAnswersCanBeRedacted() throws Exception {
        Path file = secrets("password=hunter2\nuser=admin\n");
        ConfigProviders providers = fileProvider(file.getParent().toString());
        String password = "${file:" + file + ":password}";
        Map<String, String> config = Map.of("db.password", password, "url", "jdbc:db://${file:" + file + ":user}@host",
                "plain", "value");

        Resolution resolution = providers.resolveForValidation(config);

        assertThat(resolution.values()).containsEntry("db.password", "hunter2").containsEntry("url", "jdbc:db://admin@host");
        assertThat(resolution.resolved("db.password")).isTrue();
        assertThat(resolution.resolved("plain")).isFalse();
        assertThat(resolution.redact("Login as admin with hunter2 failed"))
                .isEqualTo("Login as ${file:" + file + ":user} with " + password + " failed");
    }

    @Test
    void environmentProviderReadsNothingUntilItsAllowListIsSet() {
        assertThatThrownBy(() -> envProvider(null).resolve(Map.of("k", "${env:AWS_SECRET}")))
                .hasMessageContaining("config.providers.env.param.allowlist.pattern")
                .hasMessageNotContaining("aws-key");
    }

    @Test
    void environmentProviderReadsOnlyTheVariablesItsAllowListNames() {
        ConfigProviders providers = envProvider("^(DB_PASSWORD|API_TOKEN)$");

        assertThat(providers.resolve(Map.of("k", "${env:DB_PASSWORD}"))).containsEntry("k", "s3cret-env");
        assertThatThrownBy(() -> providers.resolve(Map.of("k", "${env:AWS_SECRET}")))
                .hasMessageContaining("the variable does not match config.providers.env.param.allowlist.pattern")
                .hasMessageNotContaining("aws-key");
    }

    @Test
    void providersFerryDoesNotKnowAreNotRestricted() {
        ConfigProvider custom = new EnvVarConfigProvider(Map.of("X", "y"));
        custom.configure(Map.of());
        ConfigProviders providers = new ConfigProviders(Map.of("vault", custom),
                Map.of("vault", ProviderAccess.of("vault", Object.class, Map.of())));

        assertThat(providers.resolve(Map.of("k", "${vault:X}"))).containsEntry("k", "y");
    }
}
