package dev.kiln.ml.stats;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.Row;

/**
 * Rows of one schema to their {@link Statistics}, as a Beam {@code CombineFn}: every summary is
 * mergeable, so any runner may add rows in any bundles and merge the parts in any order. Exact
 * figures (counts, missing, zeros, min, max) do not depend on the split; mean and standard
 * deviation only up to floating-point rounding; sketch answers stay within the error bounds they
 * report. Use it with {@code Combine.globally} or {@code Combine.perKey}; {@link DatasetStatistics}
 * wraps it for a whole {@code PCollection<Row>}.
 */
public final class StatisticsCombineFn extends Combine.CombineFn<Row, StatisticsAccumulator, Statistics> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final StatisticsOptions options;
  private final FeatureKind[] kinds;

  private StatisticsCombineFn(Schema schema, StatisticsOptions options) {
    this.schema = Objects.requireNonNull(schema, "schema");
    this.options = Objects.requireNonNull(options, "options");
    this.kinds = new FeatureKind[schema.getFieldCount()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = FeatureKind.of(schema.getField(i).getType());
    }
  }

  /** Statistics of rows of {@code schema} with {@code options}. */
  public static StatisticsCombineFn of(Schema schema, StatisticsOptions options) {
    return new StatisticsCombineFn(schema, options);
  }

  public Schema schema() {
    return schema;
  }

  public StatisticsOptions options() {
    return options;
  }

  @Override
  public StatisticsAccumulator createAccumulator() {
    FieldAccumulator[] fields = new FieldAccumulator[kinds.length];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = FieldAccumulator.create(kinds[i], options);
    }
    return new StatisticsAccumulator(fields);
  }

  /**
   * Adds one row (mutating and returning {@code acc}).
   *
   * @throws IllegalArgumentException naming the field when a value does not fit its declared type,
   *     or when the row has a different number of fields than the schema
   */
  @Override
  public StatisticsAccumulator addInput(StatisticsAccumulator acc, Row row) {
    FieldAccumulator[] fields = acc.fields;
    if (row.getFieldCount() != fields.length) {
      throw new IllegalArgumentException("statistics: a row has " + row.getFieldCount()
          + " fields but the schema has " + fields.length + " (" + schema.getFieldNames() + ")");
    }
    for (int i = 0; i < fields.length; i++) {
      Object value = row.getValue(i);
      try {
        fields[i].add(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("statistics: field '" + schema.getField(i).getName() + "' ("
            + FieldAccumulator.typeName(schema.getField(i).getType()) + "), row " + (acc.rows + 1)
            + " of this part: " + e.getMessage(), e);
      }
    }
    acc.rows++;
    return acc;
  }

  /** Merges into the first accumulator, which Beam allows to be reused. */
  @Override
  public StatisticsAccumulator mergeAccumulators(Iterable<StatisticsAccumulator> accumulators) {
    Iterator<StatisticsAccumulator> it = accumulators.iterator();
    if (!it.hasNext()) {
      return createAccumulator();
    }
    StatisticsAccumulator merged = it.next();
    while (it.hasNext()) {
      merged.merge(it.next());
    }
    return merged;
  }

  @Override
  public Statistics extractOutput(StatisticsAccumulator acc) {
    List<FeatureStatistics> features = new ArrayList<>(acc.fields.length);
    for (int i = 0; i < acc.fields.length; i++) {
      features.add(acc.fields[i].extract(schema.getField(i), options));
    }
    return new Statistics(Statistics.FORMAT, acc.rows, features, options);
  }

  @Override
  public Coder<StatisticsAccumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return StatisticsAccumulatorCoder.of();
  }

  @Override
  public Coder<Statistics> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return StatisticsCoder.of();
  }
}
