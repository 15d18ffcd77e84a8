package dev.kiln.core.steps;

import dev.kiln.core.io.RowSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * {@code PTransform}s that divide rows into named splits by ratio, deterministically: a row goes to a
 * split by a hash of its key column (or of the whole row), so the same rows land in the same split on
 * every run and every runner, and rows with equal keys stay together. This is the transform the
 * {@code split} step applies; {@link SplitHash} describes the hash.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * PCollectionTuple splits = rows.apply(
 *     SplitRows.byKey("trip_start_timestamp").withRatio("train", 0.8).withRatio("eval", 0.2));
 * PCollection<Row> train = splits.get("train");   // each split keeps the input's schema
 * PCollection<Row> eval = splits.get("eval");
 * }</pre>
 *
 * <p>The output holds one {@link PCollection} per split, by the split's name; the ratios must add up
 * to 1 when the transform is applied. Split names are letters, digits, {@code _} and {@code -}.
 */
public final class SplitRows extends PTransform<PCollection<Row>, PCollectionTuple> {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final TreeMap<String, Double> ratios;

  private SplitRows(String key, Map<String, Double> ratios) {
    this.key = key;
    this.ratios = new TreeMap<>(ratios);
  }

  /** Splits by the hash of column {@code key}: rows with equal keys land in the same split. */
  public static SplitRows byKey(String key) {
    return new SplitRows(Objects.requireNonNull(key, "key"), Map.of());
  }

  /** Splits by the hash of the whole row. */
  public static SplitRows byRow() {
    return new SplitRows(null, Map.of());
  }

  /** A copy that sends the share {@code ratio} (in (0, 1]) of the rows to split {@code name}. */
  public SplitRows withRatio(String name, double ratio) {
    Map<String, Double> next = new TreeMap<>(ratios);
    next.put(name, ratio);
    // checks the name and the ratio now; the sum is checked when the transform is applied
    new SplitStep.Config(key, Map.of(name, 1.0));
    if (!(ratio > 0) || ratio > 1) {
      throw new IllegalArgumentException("ratio of '" + name + "' must be a number in (0, 1], not " + ratio);
    }
    return new SplitRows(key, next);
  }

  /** A copy with these split names and shares (they replace any given before). */
  public SplitRows withRatios(Map<String, Double> ratios) {
    return new SplitRows(key, new SplitStep.Config(key, ratios).ratios());
  }

  /** The split names, sorted. */
  public List<String> splitNames() {
    return new ArrayList<>(ratios.keySet());
  }

  /**
   * @throws IllegalArgumentException when the ratios do not add up to 1, or the key is not a column
   */
  @Override
  public PCollectionTuple expand(PCollection<Row> rows) {
    SplitStep.Config config = new SplitStep.Config(key, ratios.isEmpty() ? null : ratios);
    Schema schema = rows.getSchema();
    if (key != null && !schema.hasField(key)) {
      throw new dev.kiln.core.spec.StepInputException(
          "split key '" + key + "' is not a column; columns are " + schema.getFieldNames());
    }
    List<String> names = new ArrayList<>(config.ratios().keySet());
    double[] bounds = new double[names.size()];
    double cumulative = 0;
    for (int i = 0; i < names.size(); i++) {
      cumulative += config.ratios().get(names.get(i));
      bounds[i] = cumulative;
    }
    bounds[names.size() - 1] = 1.0;
    List<TupleTag<Row>> tags = new ArrayList<>();
    for (String n : names) {
      tags.add(new TupleTag<Row>(n)); // not an anonymous subclass: that would capture this transform
    }
    PCollectionTuple parts = rows.apply("assign", ParDo.of(new AssignFn(key, bounds, tags))
        .withOutputTags(tags.get(0), TupleTagList.of(new ArrayList<>(tags.subList(1, tags.size())))));
    for (TupleTag<Row> tag : tags) {
      RowSchemas.setOn(parts.get(tag), schema);
    }
    return parts;
  }

  private static final class AssignFn extends DoFn<Row, Row> {
    private final String key;
    private final double[] bounds;
    private final List<TupleTag<Row>> tags;

    AssignFn(String key, double[] bounds, List<TupleTag<Row>> tags) {
      this.key = key;
      this.bounds = bounds;
      this.tags = tags;
    }

    @ProcessElement
    public void process(@Element Row row, MultiOutputReceiver out) {
      double p = SplitHash.position(row, key);
      int i = 0;
      while (i < bounds.length - 1 && p >= bounds[i]) {
        i++;
      }
      out.get(tags.get(i)).output(row);
    }
  }
}
