package io.ferry.runtime.worker;

import io.ferry.runtime.plugins.IsolatedPredicate;
import io.ferry.runtime.plugins.IsolatedTransformation;
import org.apache.kafka.connect.connector.ConnectRecord;

/** One configured transformation, optionally guarded by a predicate ({@code transforms.<alias>.predicate/negate}). */
public final class TransformationStage<R extends ConnectRecord<R>> implements AutoCloseable {

    private final String alias;
    private final IsolatedTransformation<R> transformation;
    private final String predicateAlias;
    private final IsolatedPredicate<R> predicate;
    private final boolean negate;

    /** @param predicate null (and its alias too) when the transformation applies to every record */
    public TransformationStage(String alias, IsolatedTransformation<R> transformation, String predicateAlias,
                               IsolatedPredicate<R> predicate, boolean negate) {
        this.alias = alias;
        this.transformation = transformation;
        this.predicateAlias = predicateAlias;
        this.predicate = predicate;
        this.negate = negate;
    }

    public R apply(R record) {
        if (predicate != null && predicate.test(record) == negate) {
            return record;
        }
        return transformation.apply(record);
    }

    public String alias() {
        return alias;
    }

    public Class<?> transformationClass() {
        return transformation.pluginClass();
    }

    /** The alias of the predicate guarding this transformation, or null when there is none. */
    public String predicateAlias() {
        return predicateAlias;
    }

    public Class<?> predicateClass() {
        return predicate == null ? null : predicate.pluginClass();
    }

    @Override
    public void close() {
        transformation.close();
        if (predicate != null) {
            predicate.close();
        }
    }
}
