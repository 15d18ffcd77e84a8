package dev.kiln.ml.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * How a model's feature columns become its terms, the entries its weights are over. A numeric column
 * is one term, its value. A one-hot column holds an index {@code i} in {@code [0, size)} and stands for
 * {@code size} terms {@code <column>__0 .. <column>__<size-1>}, of which only {@code <column>__i} is 1.
 * So a row is read as one (term, value) pair per column, whatever the number of terms: training and
 * scoring cost grows with the columns (the non-zeros), never with the one-hot width. A missing one-hot
 * index sets no term (its pair has the value 0).
 *
 * <pre>{@code
 * FeatureLayout layout = FeatureLayout.of(List.of("distance", "origin"), Map.of("origin", 230));
 * layout.termCount();   // 231
 * layout.termNames();   // [distance, origin__0, ..., origin__229]
 * }</pre>
 */
public final class FeatureLayout implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Separates a one-hot column's name from an index in its term names (a valid Avro/JSON name part). */
  public static final String ONE_HOT_SEPARATOR = "__";

  private final String[] columns;
  private final int[] sizes;
  private final int[] offsets;
  private final int terms;
  /** The column positions in the last row schema seen (rows of a collection share one schema). */
  private transient volatile Bound bound;

  private record Bound(Schema schema, int[] positions) {}

  private FeatureLayout(List<String> columns, Map<String, Integer> oneHot) {
    this.columns = columns.toArray(String[]::new);
    this.sizes = new int[this.columns.length];
    this.offsets = new int[this.columns.length];
    long at = 0;
    for (int j = 0; j < this.columns.length; j++) {
      Integer size = oneHot.get(this.columns[j]);
      if (size != null && size < 1) {
        throw new IllegalArgumentException("one-hot column '" + this.columns[j] + "' needs a size of at least 1, not " + size);
      }
      sizes[j] = size == null ? 0 : size;
      offsets[j] = (int) at;
      at += size == null ? 1 : size;
      if (at > Integer.MAX_VALUE / 4) {
        throw new IllegalArgumentException("the features expand to more than " + Integer.MAX_VALUE / 4 + " terms");
      }
    }
    for (String c : oneHot.keySet()) {
      if (!columns.contains(c)) {
        throw new IllegalArgumentException("one-hot column '" + c + "' is not a feature; features are " + columns);
      }
    }
    this.terms = (int) at;
  }

  /** Every column one numeric term. */
  public static FeatureLayout dense(List<String> columns) {
    return new FeatureLayout(columns, Map.of());
  }

  /**
   * @param columns the feature columns in model order
   * @param oneHot the one-hot columns among them and their index counts
   */
  public static FeatureLayout of(List<String> columns, Map<String, Integer> oneHot) {
    return new FeatureLayout(columns, oneHot);
  }

  /** The feature columns in model order. */
  public List<String> columns() {
    return List.of(columns);
  }

  public int columnCount() {
    return columns.length;
  }

  /** The number of terms (weights per output). */
  public int termCount() {
    return terms;
  }

  /** The one-hot columns and their index counts, sorted by name; empty when every column is numeric. */
  public SortedMap<String, Integer> oneHot() {
    SortedMap<String, Integer> m = new TreeMap<>();
    for (int j = 0; j < columns.length; j++) {
      if (sizes[j] > 0) {
        m.put(columns[j], sizes[j]);
      }
    }
    return Collections.unmodifiableSortedMap(m);
  }

  /** The name of every term in order: a numeric column's name, or {@code <column>__<index>}. */
  public List<String> termNames() {
    List<String> names = new ArrayList<>(terms);
    for (int j = 0; j < columns.length; j++) {
      if (sizes[j] == 0) {
        names.add(columns[j]);
      } else {
        for (int i = 0; i < sizes[j]; i++) {
          names.add(columns[j] + ONE_HOT_SEPARATOR + i);
        }
      }
    }
    return names;
  }

  /**
   * Reads {@code row}'s features as one (term, value) pair per column into {@code terms[at ..]} and
   * {@code values[at ..]}. Thread-safe.
   *
   * @throws IllegalArgumentException naming the column when a numeric feature is null or not a
   *     number, or a one-hot index is outside its range
   */
  public void read(Row row, int[] termIndex, double[] values, int at) {
    Schema schema = row.getSchema();
    Bound b = bound;
    if (b == null || b.schema() != schema) {
      b = new Bound(schema, positionsIn(schema));
      bound = b;
    }
    int[] positions = b.positions();
    for (int j = 0; j < columns.length; j++) {
      Object v = row.getValue(positions[j]);
      int size = sizes[j];
      if (size == 0) {
        if (!(v instanceof Number n)) {
          throw new IllegalArgumentException(v == null
              ? "feature '" + columns[j] + "' is null; the model needs a value for every feature (impute it in preprocess)"
              : "feature '" + columns[j] + "' is " + v.getClass().getSimpleName() + " '" + v + "', not a number");
        }
        termIndex[at + j] = offsets[j];
        values[at + j] = n.doubleValue();
      } else if (v == null) {
        termIndex[at + j] = offsets[j];
        values[at + j] = 0; // a missing index sets no term
      } else {
        long index = v instanceof Number n && isIntegral(n) ? n.longValue() : -1;
        if (index < 0 || index >= size) {
          throw new IllegalArgumentException("one-hot feature '" + columns[j] + "' is " + v + ", not an index in 0.."
              + (size - 1) + "; the rows and the TransformGraph the model was trained with do not match");
        }
        termIndex[at + j] = offsets[j] + (int) index;
        values[at + j] = 1;
      }
    }
  }

  /** The row's features as a dense vector of {@link #termCount()} entries. */
  public double[] dense(Row row) {
    int[] idx = new int[columns.length];
    double[] val = new double[columns.length];
    read(row, idx, val, 0);
    double[] x = new double[terms];
    for (int j = 0; j < idx.length; j++) {
      x[idx[j]] += val[j];
    }
    return x;
  }

  private static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
        || (n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue()));
  }

  private int[] positionsIn(Schema schema) {
    int[] p = new int[columns.length];
    for (int j = 0; j < columns.length; j++) {
      if (!schema.hasField(columns[j])) {
        throw new IllegalArgumentException("the row has no feature column '" + columns[j] + "'; columns are "
            + schema.getFieldNames());
      }
      p[j] = schema.indexOf(columns[j]);
    }
    return p;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureLayout l && java.util.Arrays.equals(l.columns, columns) && java.util.Arrays.equals(l.sizes, sizes);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(columns) + java.util.Arrays.hashCode(sizes);
  }
}
