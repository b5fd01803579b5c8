package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Calls through an isolated wrapper run with the plugin's loader current, and give the caller's loader back. */
class IsolatedTest {

    private final ClassLoader pluginLoader = new ClassLoader("plugin", getClass().getClassLoader()) { };
    private final ClassLoader callerLoader = new ClassLoader("caller", getClass().getClassLoader()) { };
    private ClassLoader original;

    @BeforeEach
    void setCallerLoader() {
        original = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(callerLoader);
    }

    @AfterEach
    void restoreLoader() {
        Thread.currentThread().setContextClassLoader(original);
    }

    private static ClassLoader current() {
        return Thread.currentThread().getContextClassLoader();
    }

    @Test
    void aCallSeesThePluginLoaderAndTheCallerGetsItsOwnBack() {
        RecordingConverter plugin = new RecordingConverter();
        IsolatedConverter converter = new IsolatedConverter(plugin, pluginLoader);

        converter.configure(Map.of(), false);
        byte[] bytes = converter.fromConnectData("topic", null, Schema.STRING_SCHEMA, "value");
        SchemaAndValue back = converter.toConnectData("topic", null, bytes);

        assertThat(back.value()).isEqualTo("value");
        assertThat(plugin.loadersSeen).hasSize(3).containsOnly(pluginLoader);
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void thePluginsExceptionPassesThroughAndTheCallerLoaderIsRestored() {
        IsolatedConverter converter = new IsolatedConverter(new RecordingConverter(), pluginLoader);

        assertThatThrownBy(() -> converter.fromConnectData("topic", null, Schema.STRING_SCHEMA, "fail"))
                .isInstanceOf(IllegalStateException.class).hasMessage("refused fail");
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void checkedExceptionsOfThePluginApiPassThroughUnwrapped() {
        IsolatedSourceTask task = new IsolatedSourceTask(new InterruptedTask(), pluginLoader);

        assertThatThrownBy(task::poll).isInstanceOf(InterruptedException.class).hasMessage("loader plugin");
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void enteringKeepsThePluginLoaderUntilClosed() {
        IsolatedSourceTask task = new IsolatedSourceTask(new InterruptedTask(), pluginLoader);

        try (LoaderSwap ignored = task.enter()) {
            assertThat(current()).isSameAs(pluginLoader);
        }
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void closingRunsInThePluginLoaderAndSwallowsTheFailure() {
        RecordingConverter plugin = new RecordingConverter();
        plugin.failOnClose = true;
        IsolatedConverter converter = new IsolatedConverter(plugin, pluginLoader);

        converter.close();

        assertThat(plugin.loadersSeen).containsExactly(pluginLoader);
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void aCallerAlreadyInThePluginLoaderKeepsItAndGetsItBackWhenThePluginChangesIt() {
        Thread.currentThread().setContextClassLoader(pluginLoader);
        ClassLoader other = new ClassLoader("other", getClass().getClassLoader()) { };
        IsolatedSourceTask task = new IsolatedSourceTask(new InterruptedTask(), pluginLoader);

        ClassLoader seen = task.call(t -> {
            ClassLoader during = current();
            Thread.currentThread().setContextClassLoader(other);
            return during;
        });

        assertThat(seen).isSameAs(pluginLoader);
        assertThat(current()).isSameAs(pluginLoader);
    }

    @Test
    void withoutALoaderTheCallerLoaderStays() {
        RecordingConverter plugin = new RecordingConverter();
        new IsolatedConverter(plugin, null).configure(Map.of(), true);

        assertThat(plugin.loadersSeen).containsExactly(callerLoader);
    }

    @Test
    void kafkasConfigTransformerCallsTheProviderThroughItsWrapper() {
        RecordingProvider plugin = new RecordingProvider();
        ConfigTransformer transformer = new ConfigTransformer(Map.of("test", new IsolatedConfigProvider(plugin, pluginLoader)));

        Map<String, String> resolved = transformer.transform(Map.of("secret", "${test:path:key}")).data();

        assertThat(resolved).containsEntry("secret", "value of key");
        assertThat(plugin.loadersSeen).isNotEmpty().containsOnly(pluginLoader);
        assertThat(current()).isSameAs(callerLoader);
    }

    @Test
    void theWrapperNamesThePluginClass() {
        IsolatedConverter converter = new IsolatedConverter(new RecordingConverter(), pluginLoader);

        assertThat(converter.pluginClass()).isEqualTo(RecordingConverter.class);
        assertThat(converter.loader()).isSameAs(pluginLoader);
        assertThat(converter).hasToString(RecordingConverter.class.getName());
    }

    /** Remembers the context loader of every call; "fail" is a value it refuses. */
    public static final class RecordingConverter implements Converter {
        final List<ClassLoader> loadersSeen = new ArrayList<>();
        boolean failOnClose;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            loadersSeen.add(current());
        }

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            loadersSeen.add(current());
            if ("fail".equals(value)) {
                throw new IllegalStateException("refused fail");
            }
            return ((String) value).getBytes();
        }

        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            loadersSeen.add(current());
            return new SchemaAndValue(Schema.STRING_SCHEMA, new String(value));
        }

        @Override
        public void close() {
            loadersSeen.add(current());
            if (failOnClose) {
                throw new IllegalStateException("cannot close");
            }
        }
    }

    /** A task whose poll is interrupted, naming the loader it saw. */
    public static final class InterruptedTask extends SourceTask {
        @Override
        public String version() {
            return "1";
        }

        @Override
        public void start(Map<String, String> props) {
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            throw new InterruptedException("loader " + current().getName());
        }

        @Override
        public void stop() {
        }
    }

    public static final class RecordingProvider implements ConfigProvider {
        final List<ClassLoader> loadersSeen = new ArrayList<>();

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public ConfigData get(String path) {
            loadersSeen.add(current());
            return new ConfigData(Map.of());
        }

        @Override
        public ConfigData get(String path, Set<String> keys) {
            loadersSeen.add(current());
            Map<String, String> data = new java.util.HashMap<>();
            keys.forEach(k -> data.put(k, "value of " + k));
            return new ConfigData(data);
        }

        @Override
        public void close() {
        }
    }
}
