package dev.kiln.ml.transform;

import dev.kiln.ml.stats.sketch.StringHash;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * A {@link TransformGraph} compiled for applying: the output schema, lookup tables and slot positions,
 * built once. The binding to the raw rows' schema is cached, since the rows of one collection share it.
 * Thread-safe: each call reads into its own arrays.
 */
final class GraphApplier {
  private final SourceColumns sources;
  private final Schema outputSchema;
  private final FeatureEncoder[] encoders;
  private final int[] passthroughSlots;
  private final String[] passthroughNames;
  private final boolean[] passthroughNullable;
  private volatile SourceColumns.Bound binding;

  /**
   * @param withPassthrough false to leave out the passthrough columns (for serving, where rows have no
   *     label): then only the columns features read are needed
   */
  GraphApplier(TransformGraph graph, boolean withPassthrough) {
    this.sources = withPassthrough ? graph.sources() : graph.featureSources();
    List<Schema.Field> fields = graph.outputFields();
    if (!withPassthrough) {
      fields = fields.subList(0, fields.size() - graph.passthrough().size());
    }
    this.outputSchema = Schema.builder().addFields(fields).build();
    List<FittedFeature> features = graph.features();
    this.encoders = new FeatureEncoder[features.size()];
    for (int i = 0; i < encoders.length; i++) {
      encoders[i] = new FeatureEncoder(features.get(i), sources.slot(features.get(i).name()));
    }
    List<String> passthrough = withPassthrough ? graph.passthrough() : List.of();
    passthroughSlots = new int[passthrough.size()];
    passthroughNames = passthrough.toArray(new String[0]);
    passthroughNullable = new boolean[passthrough.size()];
    for (int i = 0; i < passthroughSlots.length; i++) {
      passthroughSlots[i] = sources.slot(passthrough.get(i));
      passthroughNullable[i] = sources.inputs().get(passthroughSlots[i]).nullable();
    }
  }

  Schema outputSchema() {
    return outputSchema;
  }

  Row apply(Row raw) {
    SourceColumns.Bound b = binding;
    if (b == null || (b.schema() != raw.getSchema() && !b.schema().equals(raw.getSchema()))) {
      b = sources.bind(raw.getSchema());
      binding = b;
    }
    Object[] slots = new Object[sources.size()];
    b.read(raw, slots);
    Object[] out = new Object[outputSchema.getFieldCount()];
    int at = 0;
    for (FeatureEncoder e : encoders) {
      at = e.encode(slots, out, at);
    }
    for (int i = 0; i < passthroughSlots.length; i++) {
      // The row's own value, not the slot's canonical one: the slot holds an INT64 label as a Double
      // (and a NaN as null), which the output schema, declaring the input's type, does not allow.
      Object v = b.raw(raw, passthroughSlots[i]);
      if (v == null && !passthroughNullable[i]) {
        throw new IllegalArgumentException("column '" + passthroughNames[i] + "' is missing in a row, but it was required when the TransformGraph was fitted");
      }
      out[at++] = v;
    }
    return Row.withSchema(outputSchema).attachValues(Arrays.asList(out));
  }

  /** One feature's imputation and encoding, with its lookup table. */
  private static final class FeatureEncoder {
    private final int slot;
    private final Object fill;
    private final Encoding encoding;
    private final int indexSize;
    private final double[] edges;
    private final Map<String, Integer> vocabulary;

    FeatureEncoder(FittedFeature f, int slot) {
      this.slot = slot;
      this.fill = f.imputation() == null ? null : f.imputation().value();
      this.encoding = f.encoding();
      this.indexSize = encoding.indexSize();
      if (encoding instanceof Encoding.Bucketize b) {
        edges = b.edges().stream().mapToDouble(Double::doubleValue).toArray();
      } else {
        edges = null;
      }
      if (encoding instanceof Encoding.Vocabulary v) {
        vocabulary = new HashMap<>();
        for (int i = 0; i < v.terms().size(); i++) {
          vocabulary.put(v.terms().get(i).value(), i);
        }
      } else {
        vocabulary = null;
      }
    }

    /** Writes this feature's output value(s) at {@code at}; returns the next position. */
    int encode(Object[] slots, Object[] out, int at) {
      Object value = slots[slot];
      if (value == null) {
        value = fill;
      }
      if (indexSize == 0) {
        out[at] = value == null ? null : scale(ValueKind.number(value));
        return at + 1;
      }
      // one-hot or not, an index is one column: the trainer and scorer expand it (FeatureLayout)
      out[at] = value == null ? null : (long) index(value);
      return at + 1;
    }

    private double scale(double x) {
      if (encoding instanceof Encoding.Standardize s) {
        return s.apply(x);
      }
      if (encoding instanceof Encoding.MinMax m) {
        return m.apply(x);
      }
      return x;
    }

    private int index(Object value) {
      if (edges != null) {
        return bucket(edges, ValueKind.number(value));
      }
      String key = ValueKind.key(value);
      if (vocabulary != null) {
        Integer i = vocabulary.get(key);
        if (i != null) {
          return i;
        }
        Encoding.Vocabulary v = (Encoding.Vocabulary) encoding;
        return v.topK() + Math.floorMod(StringHash.hash64(key), v.oovBuckets());
      }
      return Math.floorMod(StringHash.hash64(key), indexSize);
    }
  }

  /** The number of edges {@code <= x}. */
  static int bucket(double[] edges, double x) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
