package dev.kiln.ml.transform;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/**
 * The output columns of a feature, which depend only on its configuration: one DOUBLE for a scalar
 * operation, one INT64 for an index, or one DOUBLE per index value ({@code name__0}, {@code name__1},
 * ...) for one-hot. Both the step (before fitting) and the graph (after) name columns here, so they
 * always agree. The names stay valid Avro names when the feature's name is one.
 */
public final class OutputColumns {
  /** Separates a feature's name from the index of a one-hot column. */
  public static final String ONE_HOT_SEPARATOR = "__";

  private OutputColumns() {}

  /**
   * @param indexSize 0 for a scalar operation, else the number of index values
   * @param nullable whether a missing source value can reach the output (no imputation); one-hot
   *     columns are never null (a missing value sets no column)
   */
  public static List<Schema.Field> of(String name, int indexSize, boolean oneHot, boolean nullable) {
    if (indexSize == 0) {
      return List.of(field(name, Schema.FieldType.DOUBLE, nullable));
    }
    if (!oneHot) {
      return List.of(field(name, Schema.FieldType.INT64, nullable));
    }
    List<Schema.Field> fields = new ArrayList<>(indexSize);
    for (int i = 0; i < indexSize; i++) {
      fields.add(Schema.Field.of(oneHotName(name, i), Schema.FieldType.DOUBLE));
    }
    return fields;
  }

  /** The name of the one-hot column of {@code index}. */
  public static String oneHotName(String feature, int index) {
    return feature + ONE_HOT_SEPARATOR + index;
  }

  private static Schema.Field field(String name, Schema.FieldType type, boolean nullable) {
    return Schema.Field.of(name, type.withNullable(nullable));
  }
}
