package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsOptions;
import dev.kiln.ml.stats.Summaries;
import dev.kiln.ml.stats.TaxiData;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

/** The out-of-range count intervals always hold the true count, with small and default sketches. */
class RangeCountsTest {
  @Test
  void intervalsHoldTheTrueCountsOnTheTaxiData() {
    Schema schema = TaxiData.csvSchema();
    List<Row> rows = TaxiData.csvRows(schema);
    // k = 64 makes the sketch compact (rank error > 0); the defaults are nearly exact.
    for (StatisticsOptions options : List.of(StatisticsOptions.defaults().withQuantileSketchK(64), StatisticsOptions.defaults())) {
      Statistics stats = Summaries.of(schema, rows, options);
      int checked = 0;
      for (String column : List.of("fare", "trip_miles", "tips", "trip_seconds", "trip_start_hour")) {
        FeatureStatistics f = stats.feature(column).orElseThrow();
        NumericStatistics n = f.numbers();
        long count = f.count() - n.nan();
        List<Double> values = new ArrayList<>();
        rows.forEach(r -> {
          Object v = r.getValue(column);
          if (v != null) {
            values.add(((Number) v).doubleValue());
          }
        });
        for (double share : new double[] {0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999}) {
          double bound = n.min() + share * (n.max() - n.min()) * share; // crowd the bounds near the low end
          long below = values.stream().filter(v -> v < bound).count();
          long above = values.stream().filter(v -> v > bound).count();
          RangeCounts.Interval b = RangeCounts.below(n, count, bound);
          RangeCounts.Interval a = RangeCounts.above(n, count, bound);
          assertTrue(b.least() <= below && below <= b.most(), column + " below " + bound + ": " + below + " not in " + b);
          assertTrue(a.least() <= above && above <= a.most(), column + " above " + bound + ": " + above + " not in " + a);
          checked++;
        }
      }
      assertEquals(45, checked);
    }
  }

  @Test
  void boundsOutsideTheDataGiveExactCounts() {
    Schema schema = Schema.builder().addDoubleField("x").build();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      rows.add(Row.withSchema(schema).addValue((double) i).build());
    }
    NumericStatistics n = Summaries.of(schema, rows).feature("x").orElseThrow().numbers();
    assertEquals(new RangeCounts.Interval(0, 0), RangeCounts.below(n, 5000, 0));
    assertEquals(new RangeCounts.Interval(5000, 5000), RangeCounts.below(n, 5000, 1e9));
    assertEquals(new RangeCounts.Interval(0, 0), RangeCounts.above(n, 5000, 4999));
    assertEquals(new RangeCounts.Interval(5000, 5000), RangeCounts.above(n, 5000, -1));
    RangeCounts.Interval top = RangeCounts.above(n, 5000, 4998.5);
    assertTrue(top.least() >= 1 && top.most() >= 1 && top.most() < 5000, top.toString());
  }
}
