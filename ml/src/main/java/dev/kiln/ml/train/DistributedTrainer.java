package dev.kiln.ml.train;

import dev.kiln.core.KilnVersion;
import dev.kiln.ml.model.LibraryInfo;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code distributed} backend: a data-parallel Newton (IRLS) trainer written as Beam transforms,
 * so it runs on any runner and never gathers the rows in one place. Its graph:
 *
 * <ol>
 *   <li>one combine over the label column infers the task and the classes ({@link LabelEncoding});
 *   <li>the rows become {@link PointBlock}s (features and targets as arrays of doubles, up to 1024 rows each);
 *   <li>per iteration, unrolled in the graph: with the current parameters as a side input, every
 *       worker sums loss, gradient and Hessian over its bundle ({@link NewtonSums}); one global
 *       combine adds the bundles' sums; one single-element step solves the Newton system ({@link NewtonState});
 *   <li>a last pass measures the final parameters (and the best earlier ones, keeping the better) and
 *       the model document is assembled.
 * </ol>
 *
 * Only the parameters, d+1 per output, and a Hessian of their count squared travel between workers.
 * Logistic regression converges in about ten iterations to the optimum of the L2-penalized log loss;
 * linear regression is exact after one (the squared loss is quadratic).
 */
public final class DistributedTrainer extends PTransform<PCollection<Row>, PCollection<String>> {
  private final TrainingSetup setup;
  private final PCollectionView<String> graph;

  /**
   * @param graph the TransformGraph document to embed in the model, or null
   */
  public DistributedTrainer(TrainingSetup setup, PCollectionView<String> graph) {
    this.setup = setup;
    this.graph = graph;
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    TrainingSetup s = setup;
    PCollection<LabelEncoding> encoding = rows
        .apply("summarize labels", Combine.globally(new LabelSummary.Fn(s.label())))
        .setCoder(JavaSerialCoder.of(LabelSummary.class))
        .apply("infer task", ParDo.of(new InferFn(s)))
        .setCoder(JavaSerialCoder.of(LabelEncoding.class));
    PCollectionView<LabelEncoding> encodingView = encoding.apply("encoding", View.asSingleton());
    PCollection<PointBlock> points = rows
        .apply("to point blocks", ParDo.of(new ToBlocksFn(new RowReader(s.label(), s.features()), encodingView))
            .withSideInputs(encodingView))
        .setCoder(PointBlock.Coder.of());

    PCollection<NewtonState> state = encoding
        .apply("initial parameters", ParDo.of(new InitialFn(s.features().size(), s.hyperparameters().l2())))
        .setCoder(JavaSerialCoder.of(NewtonState.class));
    int iterations = s.hyperparameters().iterations();
    for (int i = 1; i <= iterations; i++) {
      PCollectionView<NewtonState> current = state.apply("parameters " + i, View.asSingleton());
      state = points
          .apply("sums " + i, ParDo.of(new SumFn(current)).withSideInputs(current))
          .setCoder(NewtonSums.Coder.of())
          .apply("add sums " + i, Combine.globally(new AddSumsFn()).withoutDefaults())
          .setCoder(NewtonSums.Coder.of())
          .apply("newton step " + i, ParDo.of(new StepFn(current)).withSideInputs(current))
          .setCoder(JavaSerialCoder.of(NewtonState.class));
    }
    PCollectionView<NewtonState> last = state.apply("final parameters", View.asSingleton());
    List<PCollectionView<?>> sides = new ArrayList<>(List.of(last, encodingView));
    if (graph != null) {
      sides.add(graph);
    }
    return points
        .apply("measure", ParDo.of(new MeasureFn(last, encodingView)).withSideInputs(last, encodingView))
        .setCoder(JavaSerialCoder.of(Candidates.class))
        .apply("add measures", Combine.globally(new AddCandidatesFn()).withoutDefaults())
        .setCoder(JavaSerialCoder.of(Candidates.class))
        .apply("assemble model", ParDo.of(new AssembleFn(s, last, encodingView, graph)).withSideInputs(sides))
        .setCoder(StringUtf8Coder.of());
  }

  private static final class InferFn extends DoFn<LabelSummary, LabelEncoding> {
    private final TrainingSetup setup;

    InferFn(TrainingSetup setup) {
      this.setup = setup;
    }

    @ProcessElement
    public void process(@Element LabelSummary summary, OutputReceiver<LabelEncoding> out) {
      out.output(LabelEncoding.infer(setup, summary));
    }
  }

  private static final class InitialFn extends DoFn<LabelEncoding, NewtonState> {
    private final int features;
    private final double l2;

    InitialFn(int features, double l2) {
      this.features = features;
      this.l2 = l2;
    }

    @ProcessElement
    public void process(@Element LabelEncoding encoding, OutputReceiver<NewtonState> out) {
      out.output(NewtonState.initial(encoding, features, l2));
    }
  }

  /** Turns rows into blocks of points, per bundle; rows without a label are counted by the summary, not trained on. */
  private static final class ToBlocksFn extends DoFn<Row, PointBlock> {
    private final RowReader reader;
    private final PCollectionView<LabelEncoding> encoding;
    private transient PointBlock.Builder blocks;
    private transient LabelEncoding labels;

    ToBlocksFn(RowReader reader, PCollectionView<LabelEncoding> encoding) {
      this.reader = reader;
      this.encoding = encoding;
    }

    @StartBundle
    public void start() {
      blocks = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      Object label = reader.label(c.element());
      if (label == null) {
        return;
      }
      double[] x = reader.features(c.element());
      if (blocks == null) {
        labels = c.sideInput(encoding);
        blocks = new PointBlock.Builder(x.length);
      }
      PointBlock full = blocks.add(x, labels.target(label));
      if (full != null) {
        c.output(full);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      PointBlock rest = blocks == null ? null : blocks.take();
      if (rest != null) {
        c.output(rest, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
      }
      blocks = null;
    }
  }

  /** Sums one bundle's rows at the current parameters and emits the sums when the bundle ends. */
  private static final class SumFn extends DoFn<PointBlock, NewtonSums> {
    private final PCollectionView<NewtonState> current;
    private transient NewtonSums sums;
    private transient NewtonState state;

    SumFn(PCollectionView<NewtonState> current) {
      this.current = current;
    }

    @StartBundle
    public void start() {
      sums = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (sums == null) {
        state = c.sideInput(current);
        sums = NewtonSums.empty(state.parameterCount());
      }
      sums.add(state.task, state.outputs, state.theta, c.element());
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (sums != null) {
        c.output(sums, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        sums = null;
      }
    }
  }

  private static final class AddSumsFn extends Combine.BinaryCombineFn<NewtonSums> {
    @Override
    public NewtonSums apply(NewtonSums left, NewtonSums right) {
      NewtonSums out = NewtonSums.empty(left.parameters());
      return out.merge(left).merge(right);
    }
  }

  private static final class StepFn extends DoFn<NewtonSums, NewtonState> {
    private final PCollectionView<NewtonState> current;

    StepFn(PCollectionView<NewtonState> current) {
      this.current = current;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(c.sideInput(current).next(c.element()));
    }
  }

  /** The fit of the last Newton proposal and of the best parameters evaluated before it. */
  static final class Candidates implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final FitMeasure proposal;
    final FitMeasure best;

    Candidates(FitMeasure proposal, FitMeasure best) {
      this.proposal = proposal;
      this.best = best;
    }

    Candidates merge(Candidates other) {
      proposal.merge(other.proposal);
      best.merge(other.best);
      return this;
    }
  }

  private static final class MeasureFn extends DoFn<PointBlock, Candidates> {
    private final PCollectionView<NewtonState> last;
    private final PCollectionView<LabelEncoding> encoding;
    private transient Candidates candidates;
    private transient ModelParameters proposal;
    private transient ModelParameters best;
    private transient LabelEncoding labels;
    private transient String[] classes;

    MeasureFn(PCollectionView<NewtonState> last, PCollectionView<LabelEncoding> encoding) {
      this.last = last;
      this.encoding = encoding;
    }

    @StartBundle
    public void start() {
      candidates = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (candidates == null) {
        NewtonState state = c.sideInput(last);
        labels = c.sideInput(encoding);
        classes = labels.classes().toArray(String[]::new);
        proposal = state.parameters(state.theta);
        best = state.parameters(state.best);
        candidates = new Candidates(new FitMeasure(labels.task()), new FitMeasure(labels.task()));
      }
      PointBlock block = c.element();
      double[] x = new double[block.features];
      for (int r = 0; r < block.rows; r++) {
        block.row(r, x);
        candidates.proposal.add(proposal.predict(x, labels.task(), classes), block.y[r]);
        candidates.best.add(best.predict(x, labels.task(), classes), block.y[r]);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (candidates != null) {
        c.output(candidates, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        candidates = null;
      }
    }
  }

  private static final class AddCandidatesFn extends Combine.BinaryCombineFn<Candidates> {
    @Override
    public Candidates apply(Candidates left, Candidates right) {
      // a combine may not modify its inputs: merge into fresh measures
      Candidates out = new Candidates(new FitMeasure(left.proposal.task()), new FitMeasure(left.best.task()));
      return out.merge(left).merge(right);
    }
  }

  private static final class AssembleFn extends DoFn<Candidates, String> {
    private final TrainingSetup setup;
    private final PCollectionView<NewtonState> last;
    private final PCollectionView<LabelEncoding> encoding;
    private final PCollectionView<String> graph;

    AssembleFn(TrainingSetup setup, PCollectionView<NewtonState> last, PCollectionView<LabelEncoding> encoding,
        PCollectionView<String> graph) {
      this.setup = setup;
      this.last = last;
      this.encoding = encoding;
      this.graph = graph;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      NewtonState state = c.sideInput(last);
      LabelEncoding labels = c.sideInput(encoding);
      Candidates fits = c.element();
      boolean proposal = state.objective(fits.proposal.meanLoss(), state.theta)
          <= state.objective(fits.best.meanLoss(), state.best);
      FitMeasure fit = proposal ? fits.proposal : fits.best;
      List<Double> losses = new ArrayList<>();
      for (double l : state.losses) {
        losses.add(Rounding.round(l));
      }
      losses.add(Rounding.round(fit.meanLoss()));
      TrainingMetrics metrics = fit.metrics(labels.skipped()).withIterations(state.losses.length, losses);
      var provenance = dev.kiln.core.spec.CanonicalJson.MAPPER.createObjectNode()
          .put("trainer", DistributedTrainer.class.getName())
          .put("method", "newton")
          .put("objective", labels.task().isClassification()
              ? "mean log loss + l2/2 |w|^2" : "mean squared error + l2/2 |w|^2");
      c.output(ModelAssembler.json(setup, labels, state.parameters(proposal ? state.theta : state.best), metrics,
          new LibraryInfo("kiln", KilnVersion.VERSION, provenance), graph == null ? null : c.sideInput(graph)));
    }
  }
}
