package dev.kiln.core.steps;

import dev.kiln.core.step.StepType;
import java.util.List;

/** The step types Kiln ships. */
public final class BuiltinSteps {
  private BuiltinSteps() {}

  public static List<StepType> all() {
    return List.of(CsvStep.TYPE, JsonStep.TYPE, ParquetStep.TYPE, FileSourceStep.AVRO, FileSourceStep.TFRECORD, SplitStep.TYPE,
        TransformStep.TYPE, DeriveStep.TYPE);
  }
}
