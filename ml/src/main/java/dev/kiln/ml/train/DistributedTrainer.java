package dev.kiln.ml.train;

import dev.kiln.core.KilnVersion;
import dev.kiln.core.transforms.CombineInBundles;
import dev.kiln.core.transforms.InBlocks;
import dev.kiln.ml.model.FeatureLayout;
import dev.kiln.ml.model.LibraryInfo;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Impulse;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;

/**
 * The {@code distributed} backend: a data-parallel L-BFGS trainer written as Beam transforms, so it
 * runs on any runner and never gathers the rows in one place. Its graph:
 *
 * <ol>
 *   <li>one combine over the label column infers the task and the classes ({@link LabelEncoding});
 *       the TransformGraph, when given, says which feature columns are one-hot indices
 *       ({@link TrainingLayout});
 *   <li>the rows become {@link PointBlock}s: one (term, value) pair per feature column, so a one-hot
 *       column of any width is one pair;
 *   <li>per pass, unrolled in the graph up to {@code iterations} passes: with the current trial
 *       parameters as a side input, every worker sums loss and gradient over its bundle
 *       ({@link GradientSums}, a cost per row proportional to its non-zeros); one global combine
 *       (optionally with fan-out, {@link #withFanout}) adds the bundles' sums; one single-element step moves the optimizer
 *       ({@link LbfgsState}) from the state the sums carry ({@link PassSums}: the state reaches the next pass along
 *       one path, so the unrolled job has no diamond per pass for Flink's planners to walk). Once it has converged
 *       the remaining passes do no work;
 *   <li>a last pass measures the final parameters and the model document is assembled.
 * </ol>
 *
 * Only vectors of P = {@code outputs·(terms+1)} entries travel between workers: the optimizer state
 * (the parameters and L-BFGS's {@value LbfgsState#MEMORY} step pairs) as each pass's side input, and
 * per bundle one gradient together with that state (a copy the combine keeps once); nothing of size
 * P² exists anywhere.
 */
public final class DistributedTrainer extends PTransform<PCollection<Row>, PCollection<String>> {
  private final TrainingSetup setup;
  private final PCollectionView<String> graph;
  private final int fanout;

  /**
   * @param graph the TransformGraph document the examples were made with (embedded in the model, and
   *     telling which columns are one-hot), or null
   */
  public DistributedTrainer(TrainingSetup setup, PCollectionView<String> graph) {
    this(setup, graph, 0);
  }

  private DistributedTrainer(TrainingSetup setup, PCollectionView<String> graph, int fanout) {
    this.setup = setup;
    this.graph = graph;
    this.fanout = fanout;
  }

  /**
   * A copy whose gradient combines add the bundles' sums on {@code fanout} intermediate workers
   * before the final one (Beam's {@code withFanout}): worth it when many workers each send a large
   * gradient. Off (0) by default: each pass then sends one gradient per bundle to one worker, and
   * the unrolled job stays small (a fan-out adds a shuffle and several transforms to every pass).
   */
  public DistributedTrainer withFanout(int fanout) {
    return new DistributedTrainer(setup, graph, fanout);
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    TrainingSetup s = setup;
    PCollection<LabelEncoding> encoding = rows
        .apply("summarize labels", CombineInBundles.globally(new LabelSummary.Fn(s.label())))
        .setCoder(JavaSerialCoder.of(LabelSummary.class))
        .apply("infer task", ParDo.of(new InferFn(s)))
        .setCoder(JavaSerialCoder.of(LabelEncoding.class));
    PCollectionView<LabelEncoding> encodingView = encoding.apply("encoding", View.asSingleton());
    PCollectionView<FeatureLayout> layoutView = LayoutFn.view(rows, s, graph);
    PCollection<PointBlock> points = rows
        .apply("row blocks", InBlocks.of(InBlocks.DEFAULT_SIZE)) // they wait for the label summary: InBlocks says why
        .apply("to point blocks", ParDo.of(new ToBlocksFn(s.label(), encodingView, layoutView))
            .withSideInputs(encodingView, layoutView))
        .setCoder(PointBlock.Coder.of());

    PCollection<LbfgsState> state = encoding
        .apply("initial parameters", ParDo.of(new InitialFn(layoutView, s.hyperparameters().l2(),
            s.hyperparameters().tolerance())).withSideInputs(layoutView))
        .setCoder(JavaSerialCoder.of(LbfgsState.class));
    int passes = s.hyperparameters().iterations();
    for (int i = 1; i <= passes; i++) {
      // an iterable view of the one state: View.asSingleton would add a global combine (a shuffle) per pass.
      // The view is the state's only consumer: the sums carry it on to the step (PassSums says why).
      PCollectionView<Iterable<LbfgsState>> current = state.apply("parameters " + i, View.asIterable());
      state = points
          .apply("sums " + i, ParDo.of(new SumFn(current)).withSideInputs(current))
          .setCoder(PassSums.Coder.of())
          .apply("add sums " + i, fanout >= 2 ? Combine.globally(new PassSums.AddFn()).withFanout(fanout).withoutDefaults()
              : Combine.globally(new PassSums.AddFn()).withoutDefaults())
          .setCoder(PassSums.Coder.of())
          .apply("step " + i, ParDo.of(new StepFn()))
          .setCoder(JavaSerialCoder.of(LbfgsState.class));
    }
    PCollectionView<Iterable<LbfgsState>> last = state.apply("final parameters", View.asIterable());
    List<PCollectionView<?>> sides = new ArrayList<>(List.of(last, encodingView, layoutView));
    if (graph != null) {
      sides.add(graph);
    }
    return points
        .apply("measure", ParDo.of(new MeasureFn(last, encodingView)).withSideInputs(last, encodingView))
        .setCoder(JavaSerialCoder.of(FitMeasure.class))
        .apply("add measures", Combine.globally(new AddMeasuresFn()).withoutDefaults())
        .setCoder(JavaSerialCoder.of(FitMeasure.class))
        .apply("assemble model", ParDo.of(new AssembleFn(s, last, encodingView, layoutView, graph)).withSideInputs(sides))
        .setCoder(StringUtf8Coder.of());
  }

  /** The one state of a pass's view. */
  static LbfgsState only(Iterable<LbfgsState> states) {
    java.util.Iterator<LbfgsState> it = states.iterator();
    LbfgsState s = it.next();
    if (it.hasNext()) {
      throw new IllegalStateException("a training pass produced more than one optimizer state");
    }
    return s;
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

  /** The features' layout, from the TransformGraph side input when there is one. */
  private static final class LayoutFn extends DoFn<byte[], FeatureLayout> {
    private final List<String> features;
    private final PCollectionView<String> graph;

    LayoutFn(List<String> features, PCollectionView<String> graph) {
      this.features = features;
      this.graph = graph;
    }

    static PCollectionView<FeatureLayout> view(PCollection<Row> rows, TrainingSetup setup, PCollectionView<String> graph) {
      var fn = ParDo.of(new LayoutFn(setup.features(), graph));
      return rows.getPipeline().apply("layout impulse", Impulse.create())
          .apply("feature layout", graph == null ? fn : fn.withSideInputs(graph))
          .setCoder(JavaSerialCoder.of(FeatureLayout.class))
          .apply("layout", View.asSingleton());
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(TrainingLayout.of(features, graph == null ? null : c.sideInput(graph)));
    }
  }

  private static final class InitialFn extends DoFn<LabelEncoding, LbfgsState> {
    private final PCollectionView<FeatureLayout> layout;
    private final double l2;
    private final double tolerance;

    InitialFn(PCollectionView<FeatureLayout> layout, double l2, double tolerance) {
      this.layout = layout;
      this.l2 = l2;
      this.tolerance = tolerance;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(LbfgsState.initial(c.element(), c.sideInput(layout).termCount(), l2, tolerance));
    }
  }

  /** Turns rows into blocks of points, per bundle; rows without a label are counted by the summary, not trained on. */
  private static final class ToBlocksFn extends DoFn<List<Row>, PointBlock> {
    private final String label;
    private final PCollectionView<LabelEncoding> encoding;
    private final PCollectionView<FeatureLayout> layout;
    private transient RowReader reader;
    private transient PointBlock.Builder blocks;
    private transient LabelEncoding labels;

    ToBlocksFn(String label, PCollectionView<LabelEncoding> encoding, PCollectionView<FeatureLayout> layout) {
      this.label = label;
      this.encoding = encoding;
      this.layout = layout;
    }

    @StartBundle
    public void start() {
      blocks = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (blocks == null) {
        labels = c.sideInput(encoding);
        if (reader == null) {
          reader = new RowReader(label, c.sideInput(layout));
        }
        blocks = new PointBlock.Builder(reader.layout().columnCount());
      }
      for (Row row : c.element()) {
        Object value = reader.label(row);
        if (value == null) {
          continue;
        }
        reader.read(row, blocks.terms(), blocks.values(), blocks.nextOffset());
        PointBlock full = blocks.add(labels.target(value));
        if (full != null) {
          c.output(full);
        }
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

  /** Sums one bundle's rows at the current trial parameters and emits the sums when the bundle ends. */
  private static final class SumFn extends DoFn<PointBlock, PassSums> {
    private final PCollectionView<Iterable<LbfgsState>> current;
    private transient GradientSums sums;
    private transient LbfgsState state;

    SumFn(PCollectionView<Iterable<LbfgsState>> current) {
      this.current = current;
    }

    @StartBundle
    public void start() {
      sums = null;
      state = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (state == null) {
        state = only(c.sideInput(current));
      }
      if (sums == null) {
        sums = state.done ? GradientSums.empty() : GradientSums.empty(state.parameterCount());
      }
      if (!state.done) { // converged: this pass has nothing to compute, and emits empty sums
        sums.add(state.task, state.outputs, state.terms, state.trial, c.element());
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (sums != null) {
        c.output(new PassSums(state, sums), GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        sums = null;
      }
    }
  }

  /** Moves the optimizer by one pass, from the state its sums carry. */
  private static final class StepFn extends DoFn<PassSums, LbfgsState> {
    @ProcessElement
    public void process(@Element PassSums pass, OutputReceiver<LbfgsState> out) {
      out.output(pass.next());
    }
  }

  /** Measures the final parameters on the training rows. */
  private static final class MeasureFn extends DoFn<PointBlock, FitMeasure> {
    private final PCollectionView<Iterable<LbfgsState>> last;
    private final PCollectionView<LabelEncoding> encoding;
    private transient FitMeasure fit;
    private transient ModelParameters params;
    private transient LabelEncoding labels;
    private transient String[] classes;
    private transient int terms;

    MeasureFn(PCollectionView<Iterable<LbfgsState>> last, PCollectionView<LabelEncoding> encoding) {
      this.last = last;
      this.encoding = encoding;
    }

    @StartBundle
    public void start() {
      fit = null;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (fit == null) {
        LbfgsState state = only(c.sideInput(last));
        labels = c.sideInput(encoding);
        classes = labels.classes().toArray(String[]::new);
        params = state.parameters(state.result());
        terms = state.terms;
        fit = new FitMeasure(labels.task());
      }
      PointBlock block = c.element();
      int[] t = new int[block.width];
      double[] v = new double[block.width];
      for (int r = 0; r < block.rows; r++) {
        System.arraycopy(block.terms, r * block.width, t, 0, block.width);
        System.arraycopy(block.values, r * block.width, v, 0, block.width);
        fit.add(params.predictSparse(t, v, terms, labels.task(), classes), block.y[r]);
      }
    }

    @FinishBundle
    public void finish(FinishBundleContext c) {
      if (fit != null) {
        c.output(fit, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        fit = null;
      }
    }
  }

  private static final class AddMeasuresFn extends Combine.BinaryCombineFn<FitMeasure> {
    @Override
    public FitMeasure apply(FitMeasure left, FitMeasure right) {
      // a combine may not modify its inputs: merge into a fresh measure
      return new FitMeasure(left.task()).merge(left).merge(right);
    }
  }

  private static final class AssembleFn extends DoFn<FitMeasure, String> {
    private final TrainingSetup setup;
    private final PCollectionView<Iterable<LbfgsState>> last;
    private final PCollectionView<LabelEncoding> encoding;
    private final PCollectionView<FeatureLayout> layout;
    private final PCollectionView<String> graph;

    AssembleFn(TrainingSetup setup, PCollectionView<Iterable<LbfgsState>> last, PCollectionView<LabelEncoding> encoding,
        PCollectionView<FeatureLayout> layout, PCollectionView<String> graph) {
      this.setup = setup;
      this.last = last;
      this.encoding = encoding;
      this.layout = layout;
      this.graph = graph;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      LbfgsState state = only(c.sideInput(last));
      LabelEncoding labels = c.sideInput(encoding);
      List<Double> losses = new ArrayList<>();
      for (double l : state.losses) {
        losses.add(Rounding.round(l));
      }
      TrainingMetrics metrics = c.element().metrics(labels.skipped())
          .withIterations(state.iterations, losses)
          .withConvergence(state.converged, state.passes);
      var provenance = dev.kiln.core.spec.CanonicalJson.MAPPER.createObjectNode()
          .put("trainer", DistributedTrainer.class.getName())
          .put("method", "lbfgs")
          .put("memory", LbfgsState.MEMORY)
          .put("objective", labels.task().isClassification()
              ? "mean log loss + l2/2 |w|^2" : "mean squared error + l2/2 |w|^2");
      c.output(ModelAssembler.json(setup, c.sideInput(layout), labels, state.parameters(state.result()), metrics,
          new LibraryInfo("kiln", KilnVersion.VERSION, provenance), graph == null ? null : c.sideInput(graph)));
    }
  }
}
