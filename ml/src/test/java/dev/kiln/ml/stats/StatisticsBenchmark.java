package dev.kiln.ml.stats;

import dev.kiln.core.io.avro.AvroFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.io.GenerateSequence;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.Row;

/**
 * Issue 3's statistics benchmark: {@link DatasetStatistics} over the taxi rows replicated to at
 * least a million, on the DirectRunner with enforcement off, against the practical floor: one plain
 * single-threaded loop computing the same figures (the same field summaries) without Beam. Two
 * settings:
 *
 * <ul>
 *   <li><b>in memory</b>: the 10,000 parsed taxi rows, replicated; Beam generates them with
 *       {@code GenerateSequence} (row {@code i} is taxi row {@code i mod 10,000}), the loop walks
 *       the same Row objects. This is the cost of the statistics themselves.
 *   <li><b>from Avro files</b>: Beam reads with core's {@code AvroFiles.read} (which converts each
 *       record to a Row), the loop reads GenericRecords with Avro's DataFileReader and feeds the
 *       summaries directly. This is what a statistics step over an Avro dataset costs end to end.
 * </ul>
 *
 * <pre>
 * scripts/bench/stats.sh [replicas=100] [files=8] [repetitions=3]
 * </pre>
 *
 * Data goes to {@code bench-data/stats/} (not committed); it is generated once per replica/file count.
 */
public final class StatisticsBenchmark {
  private StatisticsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int files = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int repetitions = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Path dir = Path.of("bench-data", "stats", "taxi-x" + replicas + "-" + files);
    long rows = prepare(dir, replicas, files);
    String pattern = dir.toAbsolutePath() + "/part-*.avro";
    System.out.printf(Locale.ROOT, "statistics benchmark: %,d rows in %d Avro files (%s), %d cores, java %s%n",
        rows, files, dir, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

    Schema schema = TaxiData.csvSchema();
    List<Row> taxi = TaxiData.csvRows(schema);
    compare("in memory", rows, repetitions,
        () -> loopInMemory(taxi, schema, rows), () -> beamInMemory(taxi, schema, rows));
    compare("from Avro files", rows, repetitions, () -> plainLoop(pattern), () -> beam(pattern));
  }

  private static void compare(String setting, long rows, int repetitions, Work loopWork, Work beamWork)
      throws Exception {
    System.out.println(setting + ":");
    // Warm up both paths once, so neither pays for class loading and JIT alone.
    loopWork.run();
    beamWork.run();
    double[] loop = new double[repetitions];
    double[] direct = new double[repetitions];
    for (int r = 0; r < repetitions; r++) {
      loop[r] = time(loopWork);
      direct[r] = time(beamWork);
      System.out.printf(Locale.ROOT, "  run %d: plain loop %.2f s, DirectRunner %.2f s%n", r + 1, loop[r], direct[r]);
    }
    double loopMedian = median(loop);
    double directMedian = median(direct);
    System.out.printf(Locale.ROOT,
        "  median: plain loop %.2f s (%,.0f rows/s), DirectRunner %.2f s (%,.0f rows/s), ratio %.2f%n",
        loopMedian, rows / loopMedian, directMedian, rows / directMedian, directMedian / loopMedian);
  }

  /** The floor in memory: the same Row objects through the CombineFn, one thread. */
  static Statistics loopInMemory(List<Row> taxi, Schema schema, long rows) {
    StatisticsCombineFn fn = StatisticsCombineFn.of(schema, StatisticsOptions.defaults());
    StatisticsAccumulator acc = fn.createAccumulator();
    int size = taxi.size();
    for (long i = 0; i < rows; i++) {
      fn.addInput(acc, taxi.get((int) (i % size)));
    }
    return fn.extractOutput(acc);
  }

  /** The Beam job in memory: GenerateSequence, index to taxi row, DatasetStatistics. */
  static void beamInMemory(List<Row> taxi, Schema schema, long rows) {
    Pipeline pipeline = Pipeline.create(fastDirectOptions());
    pipeline.apply(GenerateSequence.from(0).to(rows))
        .apply(ParDo.of(new ReplicateFn(taxi)))
        .setRowSchema(schema)
        .apply(DatasetStatistics.of())
        .apply(ParDo.of(new CheckFn()));
    pipeline.run().waitUntilFinish();
  }

  /** Row {@code i} is taxi row {@code i mod n}. */
  private static final class ReplicateFn extends DoFn<Long, Row> {
    private final ArrayList<Row> taxi;

    ReplicateFn(List<Row> taxi) {
      this.taxi = new ArrayList<>(taxi);
    }

    @ProcessElement
    public void process(@Element Long i, OutputReceiver<Row> out) {
      out.output(taxi.get((int) (i % taxi.size())));
    }
  }

  private static DirectOptions fastDirectOptions() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }

  /** Writes {@code replicas} copies of the taxi CSV rows into {@code files} Avro files, unless present. */
  static long prepare(Path dir, int replicas, int files) throws IOException {
    Schema schema = TaxiData.csvSchema();
    List<Row> rows = TaxiData.csvRows(schema);
    long total = (long) rows.size() * replicas;
    Path done = dir.resolve("_DONE");
    if (Files.exists(done)) {
      return total;
    }
    Files.createDirectories(dir);
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(schema);
    List<GenericRecord> records = new ArrayList<>();
    for (Row row : rows) {
      records.add(AvroUtils.toGenericRecord(row, avro));
    }
    long written = 0;
    for (int f = 0; f < files; f++) {
      long until = total * (f + 1) / files;
      File file = dir.resolve(String.format(Locale.ROOT, "part-%05d-of-%05d.avro", f, files)).toFile();
      try (DataFileWriter<GenericRecord> out = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(avro))) {
        out.create(avro, file);
        for (; written < until; written++) {
          out.append(records.get((int) (written % records.size())));
        }
      }
    }
    Files.writeString(done, total + "\n");
    return total;
  }

  /** The floor: read every record, feed each field's summary, extract; one thread, no Beam. */
  static Statistics plainLoop(String pattern) throws IOException {
    Schema schema = AvroFiles.schemaOf(pattern);
    StatisticsOptions options = StatisticsOptions.defaults();
    FieldAccumulator[] fields = new FieldAccumulator[schema.getFieldCount()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = FieldAccumulator.create(FeatureKind.of(schema.getField(i).getType()), options);
    }
    boolean[] text = new boolean[fields.length];
    for (int i = 0; i < fields.length; i++) {
      text[i] = fields[i].kind() == FeatureKind.STRING;
    }
    StatisticsAccumulator acc = new StatisticsAccumulator(fields);
    Path dir = Path.of(pattern).getParent();
    try (Stream<Path> listing = Files.list(dir)) {
      for (Path file : listing.filter(p -> p.toString().endsWith(".avro")).sorted().toList()) {
        try (DataFileReader<GenericRecord> in = new DataFileReader<>(file.toFile(), new GenericDatumReader<>())) {
          GenericRecord record = null;
          while (in.hasNext()) {
            record = in.next(record);
            for (int i = 0; i < fields.length; i++) {
              Object v = record.get(i);
              fields[i].add(text[i] && v != null ? v.toString() : v);
            }
            acc.rows++;
          }
        }
      }
    }
    return StatisticsCombineFn.of(schema, options).extractOutput(acc);
  }

  /** The same statistics as a Beam job: AvroFiles.read, then DatasetStatistics. */
  static void beam(String pattern) {
    Pipeline pipeline = Pipeline.create(fastDirectOptions());
    pipeline.apply(AvroFiles.read(pattern))
        .apply(DatasetStatistics.of())
        .apply(ParDo.of(new CheckFn()));
    pipeline.run().waitUntilFinish();
  }

  /** Makes sure the job produced its one result (and that it is not optimized away). */
  private static final class CheckFn extends DoFn<Statistics, Void> {
    @ProcessElement
    public void process(@Element Statistics s) {
      if (s.rows() == 0) {
        throw new IllegalStateException("no rows");
      }
    }
  }

  private interface Work {
    void run() throws Exception;
  }

  private static double time(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

}
