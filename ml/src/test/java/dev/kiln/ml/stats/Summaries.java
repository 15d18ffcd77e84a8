package dev.kiln.ml.stats;

import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;

/** Statistics of rows in plain Java (the combine function without a pipeline), for fast unit tests. */
public final class Summaries {
  private Summaries() {}

  public static Statistics of(Schema schema, List<Row> rows, StatisticsOptions options) {
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, options);
    StatisticsAccumulator acc = fn.createAccumulator();
    for (Row row : rows) {
      fn.addInput(acc, row);
    }
    return fn.extractOutput(acc);
  }

  public static Statistics of(Schema schema, List<Row> rows) {
    return of(schema, rows, StatisticsOptions.defaults());
  }

  /** The taxi CSV's statistics with default options. */
  public static Statistics taxi() {
    Schema schema = TaxiData.csvSchema();
    return of(schema, TaxiData.csvRows(schema));
  }
}
