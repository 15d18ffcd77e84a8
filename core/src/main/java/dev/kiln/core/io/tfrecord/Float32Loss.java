package dev.kiln.core.io.tfrecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.apache.beam.sdk.values.Row;

/**
 * Finds the DOUBLE values that a tf.train.Example cannot keep. {@code float_list} holds 32-bit floats,
 * so every double is rounded (relative error at most 2^-24, about 6e-8, for numbers in float range);
 * a value loses more than {@value #RELATIVE_TOLERANCE} of itself only when it is beyond float's
 * range (becomes infinity) or so small it becomes a subnormal float or zero. Those are the values a
 * user must hear about, once per column with a count, not once per row.
 */
public final class Float32Loss implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The relative change beyond which a stored double counts as having lost precision. */
  public static final double RELATIVE_TOLERANCE = 1e-6;

  private final int[] columns;
  private final String[] names;

  private Float32Loss(Schema schema) {
    List<Integer> doubles = new ArrayList<>();
    for (int i = 0; i < schema.getFieldCount(); i++) {
      Schema.FieldType t = schema.getField(i).getType();
      TypeName scalar = t.getTypeName().isCollectionType() ? t.getCollectionElementType().getTypeName() : t.getTypeName();
      if (scalar == TypeName.DOUBLE) {
        doubles.add(i);
      }
    }
    columns = doubles.stream().mapToInt(Integer::intValue).toArray();
    names = doubles.stream().map(i -> schema.getField(i).getName()).toArray(String[]::new);
  }

  /** The checker for rows of {@code schema}. */
  public static Float32Loss of(Schema schema) {
    return new Float32Loss(schema);
  }

  /** Whether rows of this schema have any DOUBLE column (if not, nothing can lose precision). */
  public boolean hasDoubles() {
    return columns.length > 0;
  }

  /** Whether storing {@code v} as a float changes it by more than the tolerance, relative to {@code v}. */
  public static boolean loses(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v == 0.0) {
      return false; // float keeps NaN, infinities and zero exactly
    }
    double stored = (float) v;
    return Math.abs(stored - v) > RELATIVE_TOLERANCE * Math.abs(v);
  }

  /**
   * Calls {@code lossy} with the name of every DOUBLE column of {@code row} (once per column, even for
   * an array with several lossy elements) whose value loses precision as a float.
   */
  public void check(Row row, java.util.function.Consumer<String> lossy) {
    for (int c = 0; c < columns.length; c++) {
      Object v = row.getValue(columns[c]);
      if (v instanceof Double d) {
        if (loses(d)) {
          lossy.accept(names[c]);
        }
      } else if (v instanceof Iterable<?> list) {
        for (Object e : list) {
          if (e instanceof Double d && loses(d)) {
            lossy.accept(names[c]);
            break;
          }
        }
      }
    }
  }
}
