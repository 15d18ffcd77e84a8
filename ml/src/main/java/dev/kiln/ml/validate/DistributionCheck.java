package dev.kiln.ml.validate;

import dev.kiln.ml.stats.FeatureKind;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StringStatistics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the distribution of every feature two statistics share (same kind, values on both sides):
 * L-infinity distance of the top value frequencies for strings and booleans, Jensen–Shannon
 * divergence of the equal-mass histograms the quantiles describe for numbers ({@link Distances}). A distance above the feature's
 * threshold is a {@link AnomalyKind#DRIFT} or {@link AnomalyKind#SKEW} anomaly.
 */
public final class DistributionCheck {
  private DistributionCheck() {}

  /**
   * @param split the split of {@code current}
   * @param current the statistics checked
   * @param reference the statistics compared with
   * @param referenceName how the reference is named in descriptions (e.g. "split train")
   * @param kind DRIFT or SKEW
   */
  public static List<Anomaly> compare(String split, Statistics current, Statistics reference, String referenceName,
      Comparison comparison, AnomalyKind kind) {
    List<Anomaly> out = new ArrayList<>();
    for (FeatureStatistics f : current.features()) {
      FeatureStatistics r = reference.feature(f.name()).orElse(null);
      if (r == null || r.kind() != f.kind() || f.count() == 0 || r.count() == 0) {
        continue;
      }
      if (f.kind() == FeatureKind.STRING || f.kind() == FeatureKind.BOOLEAN) {
        double threshold = comparison.threshold(f.name(), true);
        Distances.LInfinity d = Distances.lInfinity(frequencies(f), f.count(), frequencies(r), r.count());
        if (d.distance() > threshold) {
          String partial = partial(f) || partial(r) ? " (over the top values only)" : "";
          out.add(new Anomaly(split, f.name(), kind, "L-infinity distance " + Figures.distance(d.distance())
              + " of value frequencies from " + referenceName + " is above " + Figures.format(threshold)
              + "; largest change: '" + d.value() + "' " + percent(d.q()) + " -> " + percent(d.p()) + partial,
              null, null, null, d.distance(), threshold));
        }
      } else if (f.kind() == FeatureKind.NUMERIC && f.numbers().quantiles() != null && r.numbers().quantiles() != null) {
        double threshold = comparison.threshold(f.name(), false);
        double js = Distances.jensenShannon(Distances.quantileMasses(f.numbers().quantiles()),
            Distances.quantileMasses(r.numbers().quantiles()));
        if (js > threshold) {
          out.add(new Anomaly(split, f.name(), kind, "Jensen-Shannon divergence " + Figures.distance(js)
              + " of the quantile histogram from " + referenceName + " is above " + Figures.format(threshold)
              + "; mean " + Figures.format(r.numbers().mean()) + " -> " + Figures.format(f.numbers().mean()),
              null, null, null, js, threshold));
        }
      }
    }
    return out;
  }

  private static Map<String, Long> frequencies(FeatureStatistics f) {
    Map<String, Long> m = new LinkedHashMap<>();
    if (f.strings() != null) {
      for (StringStatistics.ValueCount vc : f.strings().top()) {
        m.put(vc.value(), vc.count());
      }
    } else if (f.booleans() != null) {
      m.put("true", f.booleans().trueCount());
      m.put("false", f.booleans().falseCount());
    }
    return m;
  }

  private static boolean partial(FeatureStatistics f) {
    StringStatistics s = f.strings();
    return s != null && (!s.distinctExact() || s.top().size() < s.distinct() || s.topCountErrorBound() > 0);
  }

  private static String percent(double share) {
    return Figures.distance(100 * share) + "%";
  }
}
