package dev.kiln.ml.train;

import dev.kiln.core.transforms.AllElements;
import dev.kiln.core.transforms.InBlocks;
import dev.kiln.ml.model.LibraryInfo;
import dev.kiln.ml.model.ModelParameters;
import dev.kiln.ml.model.TrainingMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import dev.kiln.ml.model.FeatureLayout;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} backend: every training row is streamed into one worker (the rows become an
 * iterable side input of a single-element ParDo) and Tribuo trains there. The output is one element,
 * the model document's JSON. Use it while the training split fits in one worker's memory; beyond
 * that, use {@link DistributedTrainer}. The rows are counted first, and above
 * {@link #withMaxRows the most rows} none is gathered: the step fails with a line that says to use
 * {@code backend: distributed}.
 */
public final class LocalTrainer extends PTransform<PCollection<Row>, PCollection<String>> {
  private final TrainingSetup setup;
  private final PCollectionView<String> graph;
  private final long maxRows;

  /**
   * @param graph the TransformGraph document to embed in the model (it also tells which columns are
   *     one-hot), or null
   */
  public LocalTrainer(TrainingSetup setup, PCollectionView<String> graph) {
    this(setup, graph, TrainConfig.DEFAULT_MAX_LOCAL_ROWS);
  }

  private LocalTrainer(TrainingSetup setup, PCollectionView<String> graph, long maxRows) {
    this.setup = setup;
    this.graph = graph;
    this.maxRows = maxRows;
  }

  /** A copy that refuses a training split of more than {@code maxRows} rows (they would all be held in one worker). */
  public LocalTrainer withMaxRows(long maxRows) {
    return new LocalTrainer(setup, graph, maxRows);
  }

  @Override
  public PCollection<String> expand(PCollection<Row> rows) {
    // The count arrives as one element once every row is there (AllElements: a GroupByKey) and is the
    // training ParDo's main input, so that ParDo runs when its side inputs are (nearly) ready. Started by
    // an Impulse, it waited for them from the job's start, and the DirectRunner runs a waiting ParDo
    // again each time it goes idle (docs/benchmarks.md, the taxi demo).
    PCollection<Long> count = rows
        .apply("count rows", Combine.globally(Count.<Row>combineFn()).withoutDefaults())
        .apply("row count", AllElements.of())
        .apply("total", ParDo.of(new TotalFn()));
    PCollectionView<Long> countView = count.apply("count view", View.asSingleton());
    PCollectionView<Iterable<Row>> all = rows
        .apply("row blocks", InBlocks.of(InBlocks.DEFAULT_SIZE)) // they wait for the count: InBlocks says why
        .apply("only when bounded", ParDo.of(new KeepWhenBoundedFn(countView, maxRows)).withSideInputs(countView))
        .setCoder(rows.getCoder())
        .apply("all rows", View.asIterable());
    List<PCollectionView<?>> sides = new ArrayList<>(List.of(all));
    if (graph != null) {
      sides.add(graph);
    }
    return count
        .apply("train with Tribuo", ParDo.of(new TrainFn(setup, all, maxRows, graph)).withSideInputs(sides))
        .setCoder(StringUtf8Coder.of());
  }

  /** The row count from a combine without defaults, gathered: none for no rows. */
  private static final class TotalFn extends DoFn<List<Long>, Long> {
    @ProcessElement
    public void process(@Element List<Long> counts, OutputReceiver<Long> out) {
      out.output(counts.stream().mapToLong(Long::longValue).sum());
    }
  }

  /** Passes the rows on only when there are at most {@code maxRows}: a too large split is never gathered. */
  private static final class KeepWhenBoundedFn extends DoFn<List<Row>, Row> {
    private final PCollectionView<Long> count;
    private final long maxRows;

    KeepWhenBoundedFn(PCollectionView<Long> count, long maxRows) {
      this.count = count;
      this.maxRows = maxRows;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (c.sideInput(count) <= maxRows) {
        for (Row row : c.element()) {
          c.output(row);
        }
      }
    }
  }

  private static final java.util.Comparator<LabeledPoint> CANONICAL =
      java.util.Comparator.comparingDouble(LabeledPoint::y).thenComparing(LabeledPoint::x, java.util.Arrays::compare);

  private static final class TrainFn extends DoFn<Long, String> {
    private static final Logger LOG = LoggerFactory.getLogger(LocalTrainer.class);
    private final Distribution millis = Metrics.distribution(LocalTrainer.class, "trainMillis");
    private final TrainingSetup setup;
    private final PCollectionView<Iterable<Row>> all;
    private final long maxRows;
    private final PCollectionView<String> graph;

    TrainFn(TrainingSetup setup, PCollectionView<Iterable<Row>> all, long maxRows, PCollectionView<String> graph) {
      this.setup = setup;
      this.all = all;
      this.maxRows = maxRows;
      this.graph = graph;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      long start = System.nanoTime();
      long rowCount = c.element();
      if (rowCount > maxRows) {
        throw new TrainingInputException("the training split has " + rowCount + " rows, more than the local backend's "
            + "maxLocalRows " + maxRows + " (it holds every row on one worker); use backend: distributed");
      }
      String graphJson = graph == null ? null : c.sideInput(graph);
      FeatureLayout layout = TrainingLayout.of(setup.features(), graphJson);
      RowReader reader = new RowReader(setup.label(), layout);
      Iterable<Row> rows = c.sideInput(all);
      LabelSummary summary = new LabelSummary();
      for (Row row : rows) {
        summary.add(reader.label(row));
      }
      LabelEncoding encoding = LabelEncoding.infer(setup, summary);
      List<LabeledPoint> points = new ArrayList<>();
      for (Row row : rows) {
        Object label = reader.label(row);
        if (label != null) {
          points.add(new LabeledPoint(reader.features(row), encoding.target(label)));
        }
      }
      // SGD and bagging depend on the order of the rows, which the runner does not fix: train on a
      // canonical order (by target, then features) so the same rows give the same model on every run
      points.sort(CANONICAL);
      TribuoTraining.Result result = TribuoTraining.train(setup, layout.termNames(), encoding, points);
      TrainingMetrics metrics = measure(result.parameters(), encoding, points);
      String json = ModelAssembler.json(setup, layout, encoding, result.parameters(), metrics,
          new LibraryInfo("tribuo", org.tribuo.Tribuo.VERSION, result.provenance()), graphJson);
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      millis.update(elapsed);
      LOG.info("trained {} {} on {} rows with Tribuo in {} ms", setup.algorithm().jsonName(),
          encoding.task().jsonName(), points.size(), elapsed);
      c.output(json);
    }

    private TrainingMetrics measure(ModelParameters params, LabelEncoding encoding, List<LabeledPoint> points) {
      FitMeasure fit = new FitMeasure(encoding.task());
      String[] classes = encoding.classes().toArray(String[]::new);
      for (LabeledPoint p : points) {
        fit.add(params.predict(p.x(), encoding.task(), classes), p.y());
      }
      TrainingMetrics m = fit.metrics(encoding.skipped());
      boolean sgd = setup.algorithm() != dev.kiln.ml.model.ModelAlgorithm.RANDOM_FOREST;
      return sgd ? m.withIterations(setup.hyperparameters().iterations(), null) : m;
    }
  }

  /** A total order of points: by label, then by features. Equal points are interchangeable. */
}
