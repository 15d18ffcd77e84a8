package dev.kiln.core.step;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;
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
  /** Null until {@link #read} has run, for stored rows. */
  private SortedMap<String, PCollection<Row>> splits;
  private final List<PCollection<?>> commitAfter;
  private final StoredFiles stored;
  private final Supplier<SortedMap<String, PCollection<Row>>> read;

  private DatasetRows(Schema schema, SortedMap<String, PCollection<Row>> splits, List<PCollection<?>> commitAfter) {
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one split");
    }
    this.schema = Objects.requireNonNull(schema, "schema");
    this.splits = Collections.unmodifiableSortedMap(splits);
    this.commitAfter = List.copyOf(commitAfter);
    this.stored = null;
    this.read = null;
  }

  private DatasetRows(Schema schema, StoredFiles stored, Supplier<SortedMap<String, PCollection<Row>>> read) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.stored = Objects.requireNonNull(stored, "stored");
    this.read = Objects.requireNonNull(read, "read");
    this.commitAfter = List.of();
  }

  /**
   * The files of a committed dataset, per split: their format ({@code avro} or {@code tfrecord}) and
   * the file paths of each split (split name, {@link #UNSPLIT}
   * for an unsplit dataset, to paths that Beam FileSystems can open).
   */
  public record StoredFiles(String format, SortedMap<String, List<String>> files) {
    public StoredFiles {
      Objects.requireNonNull(format, "format");
      if (files.isEmpty()) {
        throw new IllegalArgumentException("a dataset needs at least one split");
      }
      SortedMap<String, List<String>> copy = new TreeMap<>();
      files.forEach((split, paths) -> copy.put(split, List.copyOf(paths)));
      files = Collections.unmodifiableSortedMap(copy);
    }
  }

  /**
   * The rows of a committed dataset stored in {@code stored}; {@code read} adds the reads of its
   * splits to the pipeline, and is called at most once, when a step first asks for the rows.
   */
  public static DatasetRows stored(Schema schema, StoredFiles stored, Supplier<SortedMap<String, PCollection<Row>>> read) {
    return new DatasetRows(schema, stored, read);
  }

  /** Where these rows are stored, when they are a committed artifact's (else empty). */
  public Optional<StoredFiles> storedFiles() {
    return Optional.ofNullable(stored);
  }

  /** Whether the rows have been added to the pipeline (always, unless they are {@link #stored}). */
  public boolean isRead() {
    return splits != null;
  }

  private SortedMap<String, PCollection<Row>> read() {
    if (splits == null) {
      SortedMap<String, PCollection<Row>> rows = read.get();
      if (!rows.keySet().equals(stored.files().keySet())) {
        throw new IllegalStateException("the read gave splits " + rows.keySet() + ", the stored dataset has " + stored.files().keySet());
      }
      splits = Collections.unmodifiableSortedMap(new TreeMap<>(rows));
    }
    return splits;
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
    return new DatasetRows(schema, new TreeMap<>(read()), gates);
  }

  public Schema schema() {
    return schema;
  }

  /** Split name to rows, sorted by name (for stored rows: read into the pipeline now, once). */
  public SortedMap<String, PCollection<Row>> splits() {
    return read();
  }

  /** The split names, sorted; does not read stored rows. */
  public List<String> splitNames() {
    return List.copyOf(splits != null ? splits.keySet() : stored.files().keySet());
  }

  public boolean isSplit() {
    return !splitNames().contains(UNSPLIT);
  }

  /** The rows of one split; for an unsplit dataset, {@link #UNSPLIT}. */
  public PCollection<Row> split(String name) {
    PCollection<Row> rows = read().get(name);
    if (rows == null) {
      throw new IllegalArgumentException("no split '" + name + "'; splits are " + splitNames());
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
