package dev.kiln.ml.evaluate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The raw columns an evaluation reads besides the model's features: the label and the slice features.
 *
 * @param label the label column; null means the label the model was trained on
 * @param slices the columns whose values slice the metrics
 */
public record EvalColumns(String label, List<String> slices) implements Serializable {

  public EvalColumns {
    slices = slices == null ? List.of() : List.copyOf(slices);
  }

  /**
   * The scored example of {@code raw} given the model's {@code prediction}: the label read from
   * {@link #label} (or {@code modelLabel} when none is configured) and the slice values.
   */
  public ScoredExample scored(Row raw, ModelTask task, String modelLabel, double[] prediction) {
    return new ScoredExample(task, numeric(raw, labelColumn(modelLabel)), prediction.clone(), sliceValues(raw));
  }

  /** The label column to read: {@link #label} if configured, else {@code modelLabel}; one of them must be set. */
  public String labelColumn(String modelLabel) {
    String column = label != null ? label : modelLabel;
    if (column == null) {
      throw new IllegalArgumentException("evaluate: no label column; set with.label or use a model that names its label");
    }
    return column;
  }

  /** The value of every slice column in {@code raw}, as text ({@link SliceKey#MISSING} for null). */
  public Map<String, String> sliceValues(Row raw) {
    Map<String, String> values = new TreeMap<>();
    for (String s : slices) {
      if (!raw.getSchema().hasField(s)) {
        throw new IllegalArgumentException("slice column '" + s + "' is not in the examples; columns are " + raw.getSchema().getFieldNames());
      }
      Object v = raw.getValue(s);
      values.put(s, v == null ? SliceKey.MISSING : v.toString());
    }
    return values;
  }

  /** The numeric value of {@code column} in {@code raw}: NaN when null, 1/0 for booleans. */
  public static double numeric(Row raw, String column) {
    Object v = labelValue(raw, column);
    if (v == null) {
      return Double.NaN;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalArgumentException("label column '" + column + "' is " + raw.getSchema().getField(column).getType().getTypeName()
        + ", not a number or boolean (value \"" + v + "\")");
  }

  /** The raw value of label column {@code column} in {@code raw} (null when missing); the column must exist. */
  public static Object labelValue(Row raw, String column) {
    Schema schema = raw.getSchema();
    if (!schema.hasField(column)) {
      throw new IllegalArgumentException("label column '" + column + "' is not in the examples; columns are " + schema.getFieldNames());
    }
    return raw.getValue(column);
  }
}
