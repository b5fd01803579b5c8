package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Creates plugin instances, each within its plugin's class loader (constructors and static initializers are plugin
 * code too), and hands them out only inside their {@link Isolated} wrapper.
 */
final class PluginFactory {

    private final PluginRegistry registry;
    private final PluginSuggestions suggestions;

    PluginFactory(PluginRegistry registry, PluginSuggestions suggestions) {
        this.registry = registry;
        this.suggestions = suggestions;
    }

    IsolatedConnector connector(PluginDesc<?> desc) {
        return new IsolatedConnector(instantiate(desc, Connector.class), desc.loader());
    }

    /** The task class a connector names, loaded from the connector's own loader. */
    IsolatedTask<?> task(String taskClassName, ClassLoader connectorLoader) {
        if (taskClassName == null) {
            throw new ConnectException("Task config has no task.class");
        }
        Task task;
        try (LoaderSwap ignored = new LoaderSwap(connectorLoader)) {
            Class<?> taskClass = Class.forName(taskClassName, true, connectorLoader);
            if (!Task.class.isAssignableFrom(taskClass)) {
                throw new ConnectException(taskClassName + " is not a Connect task class");
            }
            task = (Task) taskClass.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConnectException("Could not instantiate task class " + taskClassName + ": " + e, e);
        }
        if (task instanceof SourceTask source) {
            return new IsolatedSourceTask(source, connectorLoader);
        }
        if (task instanceof SinkTask sink) {
            return new IsolatedSinkTask(sink, connectorLoader);
        }
        throw new ConnectException(taskClassName + " is neither a source nor a sink task");
    }

    IsolatedConverter converter(PluginDesc<?> desc) {
        return new IsolatedConverter(instantiate(desc, Converter.class), desc.loader());
    }

    IsolatedHeaderConverter headerConverter(PluginDesc<?> desc) {
        return new IsolatedHeaderConverter(instantiate(desc, HeaderConverter.class), desc.loader());
    }

    @SuppressWarnings("unchecked")
    <R extends ConnectRecord<R>> IsolatedTransformation<R> transformation(PluginDesc<?> desc) {
        return new IsolatedTransformation<>(instantiate(desc, Transformation.class), desc.loader());
    }

    @SuppressWarnings("unchecked")
    <R extends ConnectRecord<R>> IsolatedPredicate<R> predicate(PluginDesc<?> desc) {
        return new IsolatedPredicate<>(instantiate(desc, Predicate.class), desc.loader());
    }

    IsolatedConfigProvider configProvider(PluginDesc<?> desc) {
        return new IsolatedConfigProvider(instantiate(desc, ConfigProvider.class), desc.loader());
    }

    IsolatedRestExtension restExtension(PluginDesc<?> desc) {
        return new IsolatedRestExtension(instantiate(desc, ConnectRestExtension.class), desc.loader());
    }

    IsolatedOverridePolicy overridePolicy(PluginDesc<?> desc) {
        return new IsolatedOverridePolicy(instantiate(desc, ConnectorClientConfigOverridePolicy.class), desc.loader());
    }

    /** Resolves a class name or alias; an unknown name is refused with the closest names. */
    PluginDesc<?> require(String classOrAlias, String versionRange, PluginType... acceptable) {
        return registry.find(classOrAlias, versionRange, acceptable).orElseThrow(() -> {
            String kind = Arrays.stream(acceptable).map(t -> t.superClass().getSimpleName()).distinct()
                    .collect(Collectors.joining(" or "));
            return new ConnectException(suggestions.notFoundMessage(kind, classOrAlias, versionRange, acceptable));
        });
    }

    /**
     * A plugin class that a plugin location bundles itself (a connector shipping its own converter), which that
     * location's code uses in preference to the worker's; empty when the location does not have its own copy.
     */
    Optional<PluginDesc<?>> bundledWith(ClassLoader pluginLoader, String classOrAlias, PluginType type) {
        String className = registry.className(classOrAlias);
        try {
            Class<?> bundled = Class.forName(className, false, pluginLoader);
            if (bundled.getClassLoader() == pluginLoader && type.superClass().isAssignableFrom(bundled)) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                PluginDesc<?> desc = new PluginDesc(bundled, className, type, PluginDesc.UNDEFINED_VERSION,
                        pluginLoader instanceof PluginClassLoader p ? p.location() : PluginDesc.CLASSPATH, pluginLoader);
                return Optional.of(desc);
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // not bundled: the worker's plugins serve
        }
        return Optional.empty();
    }

    private <T> T instantiate(PluginDesc<?> desc, Class<T> expected) {
        if (!expected.isAssignableFrom(desc.pluginClass())) {
            throw new ConnectException(desc.className() + " is not a " + expected.getSimpleName());
        }
        try (LoaderSwap ignored = new LoaderSwap(desc.loader())) {
            return expected.cast(desc.pluginClass().getDeclaredConstructor().newInstance());
        } catch (InvocationTargetException e) {
            throw new ConnectException("Could not create " + desc.className() + " (from " + desc.location()
                    + "): its constructor threw " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConnectException("Could not create " + desc.className() + " (from " + desc.location() + "): " + e, e);
        }
    }
}
