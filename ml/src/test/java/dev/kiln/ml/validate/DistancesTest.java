package dev.kiln.ml.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.validate.Distances.Mass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The distance maths against values worked out by hand. */
class DistancesTest {
  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  @Test
  void lInfinityIsTheLargestFrequencyDifferenceWithUnlistedValuesAtZero() {
    // p: a 50%, b 30%, c 20%; q: a 40%, b 30%, d 30% -> |p-q|: a .1, b 0, c .2, d .3
    Distances.LInfinity d = Distances.lInfinity(Map.of("a", 50L, "b", 30L, "c", 20L), 100,
        Map.of("a", 20L, "b", 15L, "d", 15L), 50);
    assertEquals(0.3, d.distance(), 1e-12);
    assertEquals("d", d.value());
    assertEquals(0.0, d.p(), 1e-12);
    assertEquals(0.3, d.q(), 1e-12);
  }

  @Test
  void lInfinityOfEqualFrequenciesIsZeroWhateverTheTotals() {
    assertEquals(0.0, Distances.lInfinity(Map.of("x", 3L, "y", 1L), 4, Map.of("x", 300L, "y", 100L), 400).distance());
  }

  @Test
  void lInfinityDividesByTheTotalNotByTheListedCounts() {
    // Only "a" is listed; 60 of 100 vs 30 of 100 (the rest unlisted) -> 0.3, not 0.
    assertEquals(0.3, Distances.lInfinity(Map.of("a", 60L), 100, Map.of("a", 30L), 100).distance(), 1e-12);
  }

  @Test
  void jensenShannonOfHandMadeDistributions() {
    // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4)
    double kpm = 0.5 * log2(0.5 / 0.75) + 0.5 * log2(0.5 / 0.25);
    double kqm = log2(1 / 0.75);
    double expected = 0.5 * kpm + 0.5 * kqm;
    assertEquals(0.311278124459133, expected, 1e-12, "hand value");
    assertEquals(expected, Distances.jensenShannon(new double[] {1, 1}, new double[] {7, 0}), 1e-12);
    assertEquals(0.0, Distances.jensenShannon(new double[] {2, 6}, new double[] {1, 3}), 1e-12, "same shape");
    assertEquals(1.0, Distances.jensenShannon(new double[] {5, 0}, new double[] {0, 5}), 1e-12, "disjoint");
  }

  @Test
  void histogramsAreRebinnedOntoTheUnionOfTheirEdgesBeforeTheDivergence() {
    // P: 10 values over [0, 10]; Q: 5 values over [0, 5) and 5 over [5, 10]. Uniform within a bucket,
    // P is also 5 and 5: divergence 0.
    List<Mass> p = List.of(new Mass(0, 10, 10));
    List<Mass> q = List.of(new Mass(0, 5, 5), new Mass(5, 10, 5));
    double[] edges = Distances.commonEdges(p, q);
    assertArrayEquals(new double[] {0, 5, 10}, edges);
    assertArrayEquals(new double[] {5, 5, 0}, Distances.rebin(p, edges), 1e-12);
    assertEquals(0.0, Distances.jensenShannon(p, q), 1e-12);

    // Q' = 8 values in [0, 5), 2 in [5, 10]: rebinned P = (1/2, 1/2), Q' = (0.8, 0.2)
    List<Mass> q2 = List.of(new Mass(0, 5, 8), new Mass(5, 10, 2));
    double m1 = 0.65;
    double m2 = 0.35;
    double expected = 0.5 * (0.5 * log2(0.5 / m1) + 0.5 * log2(0.5 / m2)) + 0.5 * (0.8 * log2(0.8 / m1) + 0.2 * log2(0.2 / m2));
    assertEquals(expected, Distances.jensenShannon(p, q2), 1e-12);
  }

  @Test
  void partlyOverlappingBucketsShareTheirMassByWidth() {
    // P over [0, 4] (8 values), Q over [2, 6] (8 values): edges 0, 2, 4, 6 -> P (4, 4, 0), Q (0, 4, 4)
    List<Mass> p = List.of(new Mass(0, 4, 8));
    List<Mass> q = List.of(new Mass(2, 6, 8));
    double[] edges = Distances.commonEdges(p, q);
    assertArrayEquals(new double[] {4, 4, 0, 0}, Distances.rebin(p, edges), 1e-12);
    assertArrayEquals(new double[] {0, 4, 4, 0}, Distances.rebin(q, edges), 1e-12);
    // P = (1/2, 1/2, 0), Q = (0, 1/2, 1/2), M = (1/4, 1/2, 1/4): JS = 1/2
    assertEquals(0.5, Distances.jensenShannon(p, q), 1e-12);
  }

  @Test
  void pointMassesGoToTheBinHoldingTheirValue() {
    List<Mass> zeros = List.of(new Mass(0, 0, 6), new Mass(0, 10, 4)); // many zeros, then spread
    assertArrayEquals(new double[] {10, 0}, Distances.rebin(zeros, new double[] {0, 10}), 1e-12);
    List<Mass> tens = List.of(new Mass(0, 10, 4), new Mass(10, 10, 6)); // spread, then many tens
    assertArrayEquals(new double[] {4, 6}, Distances.rebin(tens, new double[] {0, 10}), 1e-12);
    assertArrayEquals(new double[] {2, 2, 6}, Distances.rebin(tens, new double[] {0, 5, 10}), 1e-12);
    assertEquals(0.0, Distances.jensenShannon(List.of(new Mass(3, 3, 5)), List.of(new Mass(3, 3, 9))), 1e-12);
    assertEquals(1.0, Distances.jensenShannon(List.of(new Mass(3, 3, 5)), List.of(new Mass(7, 7, 9))), 1e-12,
        "different constants");
    // {3, 7} half and half vs all 3: P = (1/2, 1/2), Q = (1, 0), the hand value of the first test
    assertEquals(0.311278124459133,
        Distances.jensenShannon(List.of(new Mass(3, 3, 1), new Mass(7, 7, 1)), List.of(new Mass(3, 3, 2))), 1e-12);
  }

  @Test
  void quantilesBecomeEqualMassBuckets() {
    NumericStatistics.Quantiles q = new NumericStatistics.Quantiles(0, 0, List.of(
        new NumericStatistics.QuantilePoint(0, 0), new NumericStatistics.QuantilePoint(0.5, 0),
        new NumericStatistics.QuantilePoint(1, 8)));
    assertEquals(List.of(new Mass(0, 0, 0.5), new Mass(0, 8, 0.5)), Distances.quantileMasses(q));
  }
}
