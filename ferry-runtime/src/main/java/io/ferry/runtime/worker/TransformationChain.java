package io.ferry.runtime.worker;

import io.ferry.runtime.worker.errors.ProcessingContext;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import io.ferry.runtime.worker.errors.Stage;
import org.apache.kafka.connect.connector.ConnectRecord;

import java.util.List;

/** A connector's transformations in their configured order. */
public final class TransformationChain<R extends ConnectRecord<R>> implements AutoCloseable {

    private final List<TransformationStage<R>> stages;

    public TransformationChain(List<TransformationStage<R>> stages) {
        this.stages = List.copyOf(stages);
    }

    /** The transformed record, or null when a transformation dropped it or its failure was tolerated. */
    public R apply(ProcessingContext context, RetryWithToleranceOperator operator, R record) {
        R current = record;
        for (TransformationStage<R> stage : stages) {
            R input = current;
            current = operator.execute(context, Stage.TRANSFORMATION, stage.transformationClass(), () -> stage.apply(input));
            if (current == null || context.failed()) {
                return null;
            }
        }
        return current;
    }

    public List<TransformationStage<R>> stages() {
        return stages;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    @Override
    public void close() {
        stages.forEach(TransformationStage::close);
    }
}
