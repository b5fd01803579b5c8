package io.ferry.runtime.plugins;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginClassLoaderTest {

    /** A plugin that bundles Jackson, as many do: the same jar the worker has, loaded again. */
    private static PluginClassLoader bundlingJackson() {
        URL jar = ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation();
        return new PluginClassLoader(jar.toString(), new URL[] {jar}, PluginClassLoaderTest.class.getClassLoader());
    }

    @Test
    void aPluginsOwnCopyComesFirst() throws Exception {
        try (PluginClassLoader loader = bundlingJackson()) {
            Class<?> own = loader.loadClass(ObjectMapper.class.getName());
            assertThat(own).isNotSameAs(ObjectMapper.class);
            assertThat(own.getClassLoader()).isSameAs(loader);
        }
    }

    @Test
    void onceClosedItRefusesRatherThanHandOutTheWorkersCopyOfABundledClass() throws Exception {
        PluginClassLoader loader = bundlingJackson();
        loader.close();
        assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.JsonNode"))
                .isInstanceOf(ClassNotFoundException.class).hasMessageContaining("is closed");
        assertThat(loader.loadClass(String.class.getName())).as("shared classes still come from the worker").isSameAs(String.class);
    }
}
