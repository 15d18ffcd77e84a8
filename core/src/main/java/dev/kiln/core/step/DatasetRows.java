package dev.kiln.core.step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * The rows of one Dataset port inside one Beam pipeline: a {@code PCollection<Row>} per split,
 * all with the same schema. An unsplit dataset has the single split {@link #UNSPLIT}.
 *
 * <p>{@link #commitAfter()} lists PCollections that must be complete before the dataset may be
 * committed; a step uses it for checks that fail the job (for example "too many rejected rows"),
 * so that a failed check never leaves a committed artifact behind.
 */
public final class DatasetRows implements PortValue {
  /** The split name of an unsplit dataset. */
  public static final String UNSPLIT = "";

  private final Schema schema;
  private final SortedMap<String, PCollection<Row>> splits;
  private final List<PCollection<?>> commitAfter;

  private DatasetRows(Schema schema, SortedMap<String, PCollection<Row>> splits, List<PCollection<?>> commitAfter) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one split");
    }
    this.schema = Objects.requireNonNull(schema, "schema");
    this.splits = Collections.unmodifiableSortedMap(splits);
    this.commitAfter = List.copyOf(commitAfter);
  }

  /** An unsplit dataset. */
  public static DatasetRows of(PCollection<Row> rows) {
    SortedMap<String, PCollection<Row>> m = new TreeMap<>();
    m.put(UNSPLIT, rows);
    return new DatasetRows(rows.getSchema(), m, List.of());
  }

  /** A dataset with named splits (names must be non-empty). */
  public static DatasetRows ofSplits(Schema schema, Map<String, PCollection<Row>> splits) {
    for (String name : splits.keySet()) {
      if (name.isEmpty()) {
        throw new IllegalArgumentException("split names must not be empty");
      }
    }
    return new DatasetRows(schema, new TreeMap<>(splits), List.of());
  }

  /** A copy whose commit also waits for {@code gate} to complete. */
  public DatasetRows commitAfter(PCollection<?> gate) {
    List<PCollection<?>> gates = new ArrayList<>(commitAfter);
    gates.add(gate);
    return new DatasetRows(schema, new TreeMap<>(splits), gates);
  }

  public Schema schema() {
    return schema;
  }

  /** Split name to rows, sorted by name. */
  public SortedMap<String, PCollection<Row>> splits() {
    return splits;
  }

  public boolean isSplit() {
    return !splits.containsKey(UNSPLIT);
  }

  /** The rows of one split; for an unsplit dataset, {@link #UNSPLIT}. */
  public PCollection<Row> split(String name) {
    PCollection<Row> rows = splits.get(name);
    if (rows == null) {
      throw new IllegalArgumentException("no split '" + name + "'; splits are " + splits.keySet());
    }
    return rows;
  }

  /** The only PCollection of an unsplit dataset. */
  public PCollection<Row> rows() {
    return split(UNSPLIT);
  }

  @Override
  public String kind() {
    return ArtifactKind.DATASET;
  }

  @Override
  public List<PCollection<?>> commitAfter() {
    return commitAfter;
  }
}
