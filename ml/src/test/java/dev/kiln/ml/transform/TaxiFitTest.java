package dev.kiln.ml.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fitted parameters on the taxi train split equal an exact computation made here, independently. */
class TaxiFitTest {
  static final String CONFIG = """
      passthrough: [tips]
      derive:
        fare_per_mile: { ratio: [fare, trip_miles] }
      features:
        fare:              { impute: mean, standardize: true }
        trip_miles:        { impute: mean, minMax: true }
        trip_seconds:      { impute: median, standardize: true }
        dropoff_latitude:  { impute: mean, bucketize: { buckets: 10 } }
        pickup_latitude:   { bucketize: { buckets: 10 }, oneHot: true }
        payment_type:      { vocabulary: { topK: 3, oovBuckets: 2 }, oneHot: true }
        company:           { impute: mostFrequent, vocabulary: { topK: 10 } }
        trip_start_hour:   { vocabulary: { topK: 24 }, oneHot: true }
        fare_per_mile:     { impute: { constant: 0 }, standardize: true }
      """;

  static PreprocessPlan plan;
  static List<Row> train;
  static TransformGraph graph;

  @BeforeAll
  static void fit() throws IOException {
    plan = PreprocessPlan.of(Configs.yaml(CONFIG), TaxiRows.schema());
    train = TaxiRows.train();
    graph = fitInParts(plan, train, 1, new Random(1));
  }

  @Test
  void meanAndStdAreThoseOfTheTrainSplitExactly() {
    List<Double> fares = column("fare", v -> v);
    Encoding.Standardize s = (Encoding.Standardize) graph.feature("fare").encoding();
    assertEquals(exactMean(fares), s.mean(), 0.0);
    assertEquals(exactStd(fares), s.std(), 0.0);
    assertEquals(exactMean(fares), graph.feature("fare").imputation().value());
  }

  @Test
  void medianImputationComesBeforeStandardizing() {
    List<Double> present = new ArrayList<>(column("trip_seconds", v -> v).stream().filter(v -> v != null).toList());
    Collections.sort(present);
    double lowerMedian = present.get((int) Math.ceil(0.5 * present.size()) - 1);
    assertEquals(lowerMedian, graph.feature("trip_seconds").imputation().value());
    List<Double> imputed = column("trip_seconds", v -> v == null ? lowerMedian : v);
    assertTrue(imputed.size() > present.size(), "the train split has missing trip_seconds");
    Encoding.Standardize s = (Encoding.Standardize) graph.feature("trip_seconds").encoding();
    assertEquals(exactMean(imputed), s.mean(), 0.0);
    assertEquals(exactStd(imputed), s.std(), 0.0);
  }

  @Test
  void derivedColumnIsFittedLikeAnyOther() {
    List<Double> ratios = new ArrayList<>();
    for (Row r : train) {
      Double fare = r.getDouble("fare");
      Double miles = r.getDouble("trip_miles");
      ratios.add(fare == null || miles == null || miles == 0 ? 0.0 : fare / miles);
    }
    Encoding.Standardize s = (Encoding.Standardize) graph.feature("fare_per_mile").encoding();
    assertEquals(exactMean(ratios), s.mean(), 0.0);
    assertEquals(exactStd(ratios), s.std(), 0.0);
  }

  @Test
  void minMaxOfTheImputedColumn() {
    List<Double> miles = column("trip_miles", v -> v);
    Encoding.MinMax m = (Encoding.MinMax) graph.feature("trip_miles").encoding();
    assertEquals(Collections.min(miles), m.min(), 0.0);
    assertEquals(Collections.max(miles), m.max(), 0.0);
  }

  @Test
  void bucketEdgesAreTheExactLowerQuantilesOfTheImputedColumn() {
    double mean = exactMean(column("dropoff_latitude", v -> v).stream().filter(v -> v != null).toList());
    List<Double> imputed = column("dropoff_latitude", v -> v == null ? mean : v);
    assertTrue(imputed.stream().filter(v -> v == mean).count() > 300, "many imputed values: the mean is an edge");
    assertEquals(exactEdges(imputed, 10), ((Encoding.Bucketize) graph.feature("dropoff_latitude").encoding()).edges());
    assertEquals(exactEdges(column("pickup_latitude", v -> v), 10),
        ((Encoding.Bucketize) graph.feature("pickup_latitude").encoding()).edges());
  }

  @Test
  void vocabularyIsMostFrequentFirstTiesByValue() {
    assertEquals(exactTerms("payment_type", 3, null), terms("payment_type"));
    List<Encoding.Term> hours = terms("trip_start_hour");
    assertEquals(24, hours.size());
    assertEquals(exactTerms("trip_start_hour", 24, null), hours);
  }

  @Test
  void mostFrequentImputationAddsTheMissingToTheModesCount() {
    String mode = exactTerms("company", 1, null).get(0).value();
    assertEquals(mode, graph.feature("company").imputation().value());
    List<Encoding.Term> terms = terms("company");
    assertEquals(exactTerms("company", 10, mode), terms);
    long missing = train.stream().filter(r -> r.getString("company") == null).count();
    assertTrue(missing > 1000);
    assertEquals(mode, terms.get(0).value());
  }

  @Test
  void theGraphIsTheSameToTheLastBitHoweverTheRowsArePartitionedAndMerged() throws IOException {
    String whole = graph.toJson();
    Random random = new Random(11);
    for (int trial = 0; trial < 4; trial++) {
      List<Row> shuffled = new ArrayList<>(train);
      Collections.shuffle(shuffled, random);
      assertEquals(whole, fitInParts(plan, shuffled, 2 + random.nextInt(30), random).toJson(), "trial " + trial);
    }
  }

  /** Accumulates each part, ships it through the coder, merges the parts in a random order, and fits. */
  static TransformGraph fitInParts(PreprocessPlan plan, List<Row> rows, int parts, Random random) throws IOException {
    AnalyzeFn fn = new AnalyzeFn(plan);
    AnalyzeFn.AccumulatorCoder coder = new AnalyzeFn.AccumulatorCoder(plan);
    List<AnalysisAccumulator> accumulators = new ArrayList<>();
    int size = (rows.size() + parts - 1) / parts;
    for (int from = 0; from < rows.size(); from += size) {
      AnalysisAccumulator acc = fn.createAccumulator();
      for (Row r : rows.subList(from, Math.min(rows.size(), from + size))) {
        acc = fn.addInput(acc, r);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      coder.encode(acc, bytes);
      accumulators.add(coder.decode(new ByteArrayInputStream(bytes.toByteArray())));
    }
    while (accumulators.size() > 1) {
      AnalysisAccumulator a = accumulators.remove(random.nextInt(accumulators.size()));
      AnalysisAccumulator b = accumulators.remove(random.nextInt(accumulators.size()));
      accumulators.add(fn.mergeAccumulators(List.of(a, b)));
    }
    return Fitter.fit(plan, fn.extractOutput(accumulators.get(0)));
  }

  private static List<Double> column(String name, Function<Double, Double> imputation) {
    List<Double> values = new ArrayList<>();
    for (Row r : train) {
      Object v = r.getValue(name);
      values.add(imputation.apply(v == null ? null : ((Number) v).doubleValue()));
    }
    return values;
  }

  static double exactMean(List<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    return sum.divide(BigDecimal.valueOf(values.size()), MathContext.DECIMAL128).doubleValue();
  }

  /** Population std by the two-pass definition, sum((x - mean)^2) / n, in exact arithmetic. */
  static double exactStd(List<Double> values) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : values) {
      sum = sum.add(new BigDecimal(v));
    }
    BigDecimal n = BigDecimal.valueOf(values.size());
    BigDecimal mean = sum.divide(n, new MathContext(60));
    BigDecimal squares = BigDecimal.ZERO;
    for (double v : values) {
      BigDecimal d = new BigDecimal(v).subtract(mean);
      squares = squares.add(d.multiply(d));
    }
    return Math.sqrt(squares.divide(n, MathContext.DECIMAL128).doubleValue());
  }

  /** Lower quantiles at i/k: the value at sorted position ceil(i n / k) - 1, equal ones kept once. */
  static List<Double> exactEdges(List<Double> values, int buckets) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    List<Double> edges = new ArrayList<>();
    for (int i = 1; i < buckets; i++) {
      double e = sorted.get((int) Math.ceil((double) i * sorted.size() / buckets) - 1);
      if (edges.isEmpty() || e > edges.get(edges.size() - 1)) {
        edges.add(e);
      }
    }
    return edges;
  }

  private static List<Encoding.Term> terms(String feature) {
    return ((Encoding.Vocabulary) graph.feature(feature).encoding()).terms();
  }

  /** Counts by key text (missing values counted as {@code fill} when given), largest first, ties by value. */
  private static List<Encoding.Term> exactTerms(String name, int k, String fill) {
    Map<Object, Long> counts = new HashMap<>();
    for (Row r : train) {
      Object v = r.getValue(name);
      if (v == null) {
        v = fill;
      }
      if (v != null) {
        counts.merge(v, 1L, Long::sum);
      }
    }
    List<Map.Entry<Object, Long>> entries = new ArrayList<>(counts.entrySet());
    @SuppressWarnings("unchecked")
    Comparator<Object> byValue = (a, b) -> ((Comparable<Object>) a).compareTo(b);
    entries.sort(Map.Entry.<Object, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(byValue)));
    return entries.subList(0, Math.min(k, entries.size())).stream().map(e -> new Encoding.Term(e.getKey().toString(), e.getValue())).toList();
  }
}
