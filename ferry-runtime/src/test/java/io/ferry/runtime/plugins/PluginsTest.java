package io.ferry.runtime.plugins;

import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugins every worker has without a plugin.path, and how they are named. */
class PluginsTest {

    private static Plugins plugins;

    @BeforeAll
    static void discover() {
        plugins = Plugins.discover(List.of(), PluginDiscoveryMode.HYBRID_WARN);
    }

    @AfterAll
    static void close() {
        plugins.close();
    }

    @Test
    void apacheBuiltInsAreAvailableUnderTheirNamesAndAliases() {
        assertThat(plugins.find("JsonConverter", PluginType.CONVERTER)).get()
                .extracting(PluginDesc::className).isEqualTo("org.apache.kafka.connect.json.JsonConverter");
        assertThat(plugins.find("Json", PluginType.CONVERTER)).isPresent();
        assertThat(plugins.find("ByteArrayConverter", PluginType.CONVERTER)).get()
                .extracting(PluginDesc::location).isEqualTo(PluginDesc.CLASSPATH);
        for (String name : List.of("Boolean", "Short", "Integer", "Long", "Float", "Double", "String")) {
            assertThat(plugins.find(name, PluginType.CONVERTER)).as(name).isPresent();
        }
        assertThat(plugins.find("Simple", PluginType.HEADER_CONVERTER)).isPresent();
        assertThat(plugins.find("ByteArrayConverter", PluginType.HEADER_CONVERTER)).isPresent();
        assertThat(plugins.find("RegexRouter", PluginType.TRANSFORMATION)).isPresent();
        assertThat(plugins.find("Filter", PluginType.TRANSFORMATION)).isPresent();
        assertThat(plugins.find("TopicNameMatches", PluginType.PREDICATE)).isPresent();
        assertThat(plugins.find("org.apache.kafka.connect.transforms.InsertField$Value", PluginType.TRANSFORMATION)).isPresent();
        assertThat(plugins.find("FileConfigProvider", PluginType.CONFIGPROVIDER)).isPresent();
        for (String policy : List.of("None", "Principal", "Allowlist", "All")) {
            assertThat(plugins.find(policy, PluginType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY)).as(policy).isPresent();
        }
    }

    @Test
    void nestedClassesHaveNoAmbiguousAlias() {
        assertThat(plugins.aliases()).doesNotContainKeys("Value", "Key");
        assertThat(plugins.find("Value", PluginType.TRANSFORMATION)).isEmpty();
    }

    @Test
    void versionsOfVersionedPluginsAreKnown() {
        assertThat(plugins.find("JsonConverter", PluginType.CONVERTER)).get()
                .extracting(PluginDesc::version).isEqualTo(org.apache.kafka.common.utils.AppInfoParser.getVersion());
    }

    @Test
    void unknownNamesGetTheClosestMatches() {
        assertThat(plugins.closestMatches("JsonConvertor", 3, PluginType.CONVERTER)).first().isEqualTo("Json");
        assertThatThrownBy(() -> plugins.newConverter("JsonConvertor", null))
                .hasMessageContaining("JsonConvertor").hasMessageContaining("Did you mean: Json");
    }

    @Test
    void aNameCloseToNothingIsAnsweredWithWhatIsInstalled() {
        assertThat(plugins.notFoundMessage("Converter", "com.example.Zzzzzzzzzzzzz", null, PluginType.CONVERTER))
                .startsWith("Failed to find any class that implements Converter and which name matches com.example.Zzzzzzzzzzzzz. Installed: ")
                .contains("Json", "String", "ByteArray").doesNotContain("No converter plugins");
        assertThat(plugins.notFoundMessage("Connector", "com.example.Zzzzzzzzzzzzz", null, PluginType.SOURCE, PluginType.SINK))
                .satisfiesAnyOf(m -> assertThat(m).contains("Installed: "),
                        m -> assertThat(m).endsWith(". No connector plugins are installed; check plugin.path."));
    }

    @Test
    void instancesComeWithTheirLoader() {
        IsolatedConverter converter = plugins.newConverter("StringConverter", null);
        assertThat(converter.loader()).isSameAs(Plugins.class.getClassLoader());
        assertThat(converter.pluginClass()).isEqualTo(StringConverter.class);
    }
}
