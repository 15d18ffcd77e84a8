package dev.kiln.ml.transform;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/** The accumulator of a whole fit: the number of rows and one {@link FeatureAccumulator} per planned feature. */
public final class AnalysisAccumulator {
  long rows;
  final FeatureAccumulator[] features;

  private AnalysisAccumulator(FeatureAccumulator[] features) {
    this.features = features;
  }

  static AnalysisAccumulator empty(List<PreprocessPlan.PlannedFeature> planned) {
    FeatureAccumulator[] f = new FeatureAccumulator[planned.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = FeatureAccumulator.forConfig(planned.get(i).config());
    }
    return new AnalysisAccumulator(f);
  }

  void merge(AnalysisAccumulator other) {
    rows += other.rows;
    for (int i = 0; i < features.length; i++) {
      features[i].merge(other.features[i]);
    }
  }

  void encode(DataOutput out) throws IOException {
    out.writeLong(rows);
    for (FeatureAccumulator f : features) {
      f.encode(out);
    }
  }

  static AnalysisAccumulator decode(List<PreprocessPlan.PlannedFeature> planned, DataInput in) throws IOException {
    long rows = in.readLong();
    FeatureAccumulator[] f = new FeatureAccumulator[planned.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = FeatureAccumulator.decode(planned.get(i).config(), in);
    }
    AnalysisAccumulator a = new AnalysisAccumulator(f);
    a.rows = rows;
    return a;
  }
}
