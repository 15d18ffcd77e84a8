package dev.kiln.ml.transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.values.Row;

/**
 * One pass over the fit split: every feature's summaries in one composite, mergeable accumulator. The
 * output is the merged accumulator itself; {@link Fitter} turns it into a {@link TransformGraph}.
 */
final class AnalyzeFn extends Combine.CombineFn<Row, AnalysisAccumulator, AnalysisAccumulator> {
  private final PreprocessPlan plan;
  private transient volatile SourceColumns.Bound binding;

  AnalyzeFn(PreprocessPlan plan) {
    this.plan = plan;
  }

  @Override
  public AnalysisAccumulator createAccumulator() {
    return AnalysisAccumulator.empty(plan.features());
  }

  @Override
  public AnalysisAccumulator addInput(AnalysisAccumulator acc, Row row) {
    SourceColumns.Bound b = binding;
    if (b == null || (b.schema() != row.getSchema() && !b.schema().equals(row.getSchema()))) {
      b = plan.sources().bind(row.getSchema());
      binding = b;
    }
    Object[] slots = new Object[plan.sources().size()];
    b.read(row, slots);
    acc.rows++;
    List<PreprocessPlan.PlannedFeature> features = plan.features();
    for (int i = 0; i < features.size(); i++) {
      acc.features[i].add(slots[features.get(i).slot()]);
    }
    return acc;
  }

  @Override
  public AnalysisAccumulator mergeAccumulators(Iterable<AnalysisAccumulator> accumulators) {
    AnalysisAccumulator merged = createAccumulator();
    for (AnalysisAccumulator a : accumulators) {
      merged.merge(a);
    }
    return merged;
  }

  @Override
  public AnalysisAccumulator extractOutput(AnalysisAccumulator acc) {
    return acc;
  }

  @Override
  public Coder<AnalysisAccumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new AccumulatorCoder(plan);
  }

  @Override
  public Coder<AnalysisAccumulator> getDefaultOutputCoder(CoderRegistry registry, Coder<Row> inputCoder) {
    return new AccumulatorCoder(plan);
  }

  /** Writes an accumulator compactly; the plan says which summaries each feature has. */
  static final class AccumulatorCoder extends CustomCoder<AnalysisAccumulator> {
    private final PreprocessPlan plan;

    AccumulatorCoder(PreprocessPlan plan) {
      this.plan = plan;
    }

    @Override
    public void encode(AnalysisAccumulator value, OutputStream out) throws IOException {
      DataOutputStream data = new DataOutputStream(out);
      value.encode(data);
      data.flush();
    }

    @Override
    public AnalysisAccumulator decode(InputStream in) throws IOException {
      return AnalysisAccumulator.decode(plan.features(), new DataInputStream(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
