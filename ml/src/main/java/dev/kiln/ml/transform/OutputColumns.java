package dev.kiln.ml.transform;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The output column of a feature, which depends only on its configuration: one DOUBLE for a scalar
 * operation, or one INT64 for an index. A one-hot feature is an index column too: the one-hot
 * expansion happens inside the trainer and the scorer ({@link dev.kiln.ml.model.FeatureLayout}), so a
 * transformed dataset grows with its non-zeros, not with the number of index values. Both the step
 * (before fitting) and the graph (after) name columns here, so they always agree.
 */
public final class OutputColumns {
  private OutputColumns() {}

  /**
   * @param indexSize 0 for a scalar operation, else the number of index values
   * @param nullable whether a missing source value can reach the output (no imputation)
   */
  public static List<Schema.Field> of(String name, int indexSize, boolean nullable) {
    Schema.FieldType type = indexSize == 0 ? Schema.FieldType.DOUBLE : Schema.FieldType.INT64;
    return List.of(Schema.Field.of(name, type.withNullable(nullable)));
  }
}
