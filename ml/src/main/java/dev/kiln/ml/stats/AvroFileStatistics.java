package dev.kiln.ml.stats;

import dev.kiln.core.io.avro.AvroFileRows;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * The {@link Statistics} of rows stored in Avro data files, folded while the files are read: each
 * DoFn call reads one whole file and adds its records to the bundle's accumulator, so no record
 * becomes a pipeline element (no per-element runner work, no coder copies between operators). The
 * per-bundle accumulators are merged as in {@link DatasetStatistics}, with the same
 * {@link StatisticsCombineFn}, and every record is converted to the same Row as a read of the files
 * gives, so the figures are those of {@code DatasetStatistics} over the
 * files' rows ({@link AvroFileRows}). Parallelism is per file (Kiln writes datasets in several shards).
 *
 * <pre>{@code
 * PCollection<Statistics> stats = p.apply(AvroFileStatistics.of(files, schema, options));
 * }</pre>
 */
public final class AvroFileStatistics extends PTransform<PBegin, PCollection<Statistics>> {
  private static final long serialVersionUID = 1L;

  private final List<String> files;
  private final Schema schema;
  private final StatisticsOptions options;

  private AvroFileStatistics(List<String> files, Schema schema, StatisticsOptions options) {
    this.files = List.copyOf(files);
    this.schema = Objects.requireNonNull(schema, "schema");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * Statistics of the rows of {@code schema} in {@code files} (paths Beam FileSystems can open; each
   * must exist). No files gives the statistics of no rows.
   */
  public static AvroFileStatistics of(List<String> files, Schema schema, StatisticsOptions options) {
    return new AvroFileStatistics(files, schema, options);
  }

  @Override
  public PCollection<Statistics> expand(PBegin input) {
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, options);
    PCollection<StatisticsAccumulator> parts;
    if (files.isEmpty()) {
      parts = input.apply("NoFiles", Create.empty(StatisticsAccumulatorCoder.of()));
    } else {
      parts = input
          .apply("Files", Create.of(files).withCoder(StringUtf8Coder.of()))
          .apply("Match", FileIO.matchAll().withEmptyMatchTreatment(EmptyMatchTreatment.DISALLOW))
          .apply("Open", FileIO.readMatches())
          .apply("FoldFiles", ParDo.of(new FoldFilesFn(fn)))
          .setCoder(StatisticsAccumulatorCoder.of());
    }
    return parts
        .apply("MergeAccumulators", Combine.globally(new MergeFn(fn)))
        .setCoder(StatisticsCoder.of());
  }

  /** Reads whole files and folds their records into one accumulator per bundle. */
  static final class FoldFilesFn extends DoFn<FileIO.ReadableFile, StatisticsAccumulator> {
    private static final long serialVersionUID = 1L;

    private final StatisticsCombineFn fn;
    private final AvroFileRows files;
    private transient StatisticsAccumulator acc;

    FoldFilesFn(StatisticsCombineFn fn) {
      this.fn = fn;
      this.files = AvroFileRows.of(fn.schema());
    }

    @StartBundle
    public void startBundle() {
      acc = null;
    }

    @ProcessElement
    public void processElement(@Element FileIO.ReadableFile file) {
      if (acc == null) {
        acc = fn.createAccumulator();
      }
      StatisticsAccumulator into = acc;
      try {
        files.forEach(file, row -> fn.addInput(into, row));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("statistics: " + e.getMessage(), e);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) {
      if (acc != null) {
        context.output(acc, GlobalWindow.INSTANCE.maxTimestamp(), GlobalWindow.INSTANCE);
        acc = null;
      }
    }
  }

  /** Merges the files' accumulators (each merged into the combine's own, in place) and extracts the statistics. */
  static final class MergeFn extends Combine.CombineFn<StatisticsAccumulator, StatisticsAccumulator, Statistics> {
    private static final long serialVersionUID = 1L;

    private final StatisticsCombineFn fn;

    MergeFn(StatisticsCombineFn fn) {
      this.fn = fn;
    }

    @Override
    public StatisticsAccumulator createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public StatisticsAccumulator addInput(StatisticsAccumulator acc, StatisticsAccumulator part) {
      acc.merge(part);
      return acc;
    }

    @Override
    public StatisticsAccumulator mergeAccumulators(Iterable<StatisticsAccumulator> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public Statistics extractOutput(StatisticsAccumulator acc) {
      return fn.extractOutput(acc);
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<StatisticsAccumulator> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<StatisticsAccumulator> inputCoder) {
      return StatisticsAccumulatorCoder.of();
    }
  }
}
