package dev.kiln.ml.transform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.spec.CanonicalJson;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/**
 * The fitted parameters of a {@code preprocess} step: a plain value that transforms raw rows the same
 * way wherever it is applied (training data, batch inference, serving), so there is no skew between
 * them. Written as canonical JSON ({@link #toJson}, sorted keys, versioned by {@link #format()}): the
 * TransformGraph artifact, which a model embeds.
 *
 * <p>{@link #apply} takes a raw row (it may have more columns than the graph needs, in any order) and
 * gives a row of {@link #outputSchema()}: every feature's output column(s), then the passthrough
 * columns. Lookup tables are built once, on first use, so one instance can serve a whole DoFn or
 * server; {@code apply} is thread-safe.
 */
public final class TransformGraph implements Serializable {
  private static final long serialVersionUID = 1L;
  /** The version of the JSON layout this class reads and writes. */
  /** 2: a one-hot feature is one INT64 index column (format 1 wrote one DOUBLE column per index value). */
  public static final int FORMAT = 2;

  private static final ObjectMapper MAPPER =
      CanonicalJson.MAPPER.copy()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
          .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true);

  private final int format;
  private final String fitSplit;
  private final long fitRows;
  private final List<InputColumn> inputs;
  private final List<Derivation> derived;
  private final List<FittedFeature> features;
  private final List<String> passthrough;
  private transient volatile GraphApplier applier;
  private transient volatile GraphApplier featureApplier;

  /**
   * @param fitSplit the split the parameters were fitted on
   * @param fitRows the number of rows fitted on
   * @param inputs the raw columns read, sorted by name
   * @param derived derived columns, computed from raw ones before anything else
   * @param features the fitted features, in output order
   * @param passthrough raw columns copied unchanged, in output order after the features
   */
  @JsonCreator
  public TransformGraph(
      @JsonProperty("format") int format,
      @JsonProperty("fitSplit") String fitSplit,
      @JsonProperty("fitRows") long fitRows,
      @JsonProperty("inputs") List<InputColumn> inputs,
      @JsonProperty("derived") List<Derivation> derived,
      @JsonProperty("features") List<FittedFeature> features,
      @JsonProperty("passthrough") List<String> passthrough) {
    if (format != FORMAT) {
      throw new IllegalArgumentException("TransformGraph format " + format + " is not supported; this Kiln reads format " + FORMAT);
    }
    this.format = format;
    this.fitSplit = Objects.requireNonNull(fitSplit, "fitSplit");
    this.fitRows = fitRows;
    this.inputs = List.copyOf(inputs);
    this.derived = List.copyOf(derived);
    this.features = List.copyOf(features);
    this.passthrough = List.copyOf(passthrough);
    SourceColumns sources = sources();
    for (FittedFeature f : this.features) {
      int slot = sources.slot(f.name());
      if (slot < 0) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is neither an input nor a derived column");
      }
      if (sources.kind(slot) != f.kind()) {
        throw new IllegalArgumentException("feature '" + f.name() + "' is a " + f.kind() + ", but its column holds " + sources.kind(slot));
      }
    }
    for (String p : this.passthrough) {
      int slot = sources.slot(p);
      if (slot < 0 || slot >= this.inputs.size()) {
        throw new IllegalArgumentException("passthrough column '" + p + "' is not an input column");
      }
    }
    Set<String> names = new HashSet<>();
    for (Schema.Field f : outputFields()) {
      if (!names.add(f.getName())) {
        throw new IllegalArgumentException("two output columns are named '" + f.getName() + "'");
      }
    }
  }

  @JsonProperty("format") public int format() { return format; }
  @JsonProperty("fitSplit") public String fitSplit() { return fitSplit; }
  @JsonProperty("fitRows") public long fitRows() { return fitRows; }
  @JsonProperty("inputs") public List<InputColumn> inputs() { return inputs; }
  @JsonProperty("derived") public List<Derivation> derived() { return derived; }
  @JsonProperty("features") public List<FittedFeature> features() { return features; }
  @JsonProperty("passthrough") public List<String> passthrough() { return passthrough; }

  /** The names of the raw columns a row must have for {@link #apply}. */
  public List<String> inputColumns() {
    return inputs.stream().map(InputColumn::name).toList();
  }

  /** The schema of raw rows as fitted: the input columns with their types. */
  public Schema inputSchema() {
    return Schema.builder().addFields(inputs.stream().map(InputColumn::field).toList()).build();
  }

  /** The Beam schema of transformed rows. */
  public Schema outputSchema() {
    return applier().outputSchema();
  }

  /** The raw columns the features read (not the passthrough-only ones): what {@link #applyFeatures} needs. */
  public List<String> featureInputColumns() {
    return featureSources().inputs().stream().map(InputColumn::name).toList();
  }

  /** The schema of {@link #applyFeatures}' rows: the output schema without the passthrough columns. */
  public Schema featureSchema() {
    return featureApplier().outputSchema();
  }

  /**
   * One raw row to its feature columns only, leaving out the passthrough columns: for inference and
   * serving, whose rows have no label. Needs only {@link #featureInputColumns()}.
   */
  public Row applyFeatures(Row raw) {
    return featureApplier().apply(raw);
  }

  /**
   * The output columns that hold a one-hot index, with their index counts: a trainer reads each as
   * that many one-hot terms ({@link dev.kiln.ml.model.FeatureLayout}). Sorted by name.
   */
  public java.util.SortedMap<String, Integer> oneHotColumns() {
    java.util.SortedMap<String, Integer> m = new java.util.TreeMap<>();
    for (FittedFeature f : features) {
      if (f.oneHot()) {
        m.put(f.name(), f.encoding().indexSize());
      }
    }
    return m;
  }

  /** The feature with this name, or null. */
  public FittedFeature feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }

  /**
   * One raw row to one transformed row.
   *
   * @throws IllegalArgumentException when a column the graph needs is missing or of another kind
   */
  public Row apply(Row raw) {
    return applier().apply(raw);
  }

  /** The canonical JSON text; {@link #fromJson} reads it back to an equal graph. */
  public String toJson() {
    return CanonicalJson.of(MAPPER.valueToTree(this));
  }

  /**
   * Reads a graph written by {@link #toJson}.
   *
   * @throws IllegalArgumentException naming the JSON path of the first problem
   */
  public static TransformGraph fromJson(String json) {
    try {
      return MAPPER.readValue(json, TransformGraph.class);
    } catch (JsonMappingException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String path = e.getPathReference();
      throw new IllegalArgumentException("TransformGraph JSON" + (path == null || path.isEmpty() ? "" : " at " + path)
          + ": " + (root instanceof IllegalArgumentException ? root.getMessage() : e.getOriginalMessage()), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("TransformGraph JSON is malformed: " + e.getOriginalMessage(), e);
    }
  }

  /** A short text for {@code kiln show}: per feature its operations, fitted parameters and output columns. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("TransformGraph fitted on split '").append(fitSplit).append("' (").append(fitRows).append(" rows)\n");
    for (Derivation d : derived) {
      sb.append("  derived ").append(d).append('\n');
    }
    for (FittedFeature f : features) {
      sb.append("  ").append(f.name()).append(": ");
      if (f.imputation() != null) {
        sb.append(f.imputation()).append(" -> ");
      }
      sb.append(f.encoding());
      sb.append(" -> ").append(f.name());
      if (f.oneHot()) {
        sb.append(" (index, one-hot over ").append(f.encoding().indexSize()).append(" terms ")
            .append(f.name()).append("__0..").append(f.encoding().indexSize() - 1).append(")");
      }
      sb.append('\n');
    }
    if (!passthrough.isEmpty()) {
      sb.append("  passthrough: ").append(String.join(", ", passthrough)).append('\n');
    }
    return sb.toString();
  }

  SourceColumns sources() {
    return new SourceColumns(inputs, derived);
  }

  /** The sources without columns that are only passed through. */
  SourceColumns featureSources() {
    java.util.Set<String> used = new HashSet<>();
    features.forEach(f -> used.add(f.name()));
    derived.forEach(d -> used.addAll(d.args()));
    return new SourceColumns(inputs.stream().filter(c -> used.contains(c.name())).toList(), derived);
  }

  /** Every output field, in order. */
  List<Schema.Field> outputFields() {
    List<Schema.Field> fields = new ArrayList<>();
    for (FittedFeature f : features) {
      fields.addAll(f.outputFields());
    }
    for (String p : passthrough) {
      fields.add(inputs.stream().filter(c -> c.name().equals(p)).findFirst().orElseThrow().field());
    }
    return fields;
  }

  private GraphApplier applier() {
    GraphApplier a = applier;
    if (a == null) {
      a = new GraphApplier(this, true);
      applier = a;
    }
    return a;
  }

  private GraphApplier featureApplier() {
    GraphApplier a = featureApplier;
    if (a == null) {
      a = new GraphApplier(this, false);
      featureApplier = a;
    }
    return a;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransformGraph g && g.format == format && g.fitSplit.equals(fitSplit) && g.fitRows == fitRows
        && g.inputs.equals(inputs) && g.derived.equals(derived) && g.features.equals(features) && g.passthrough.equals(passthrough);
  }

  @Override
  public int hashCode() {
    return Objects.hash(format, fitSplit, fitRows, inputs, derived, features, passthrough);
  }

  @Override
  public String toString() {
    return describe();
  }
}
