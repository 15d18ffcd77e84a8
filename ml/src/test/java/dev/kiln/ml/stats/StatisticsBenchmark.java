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
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
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
 * least a million, on the DirectRunner with enforcement off and on embedded Flink, against the practical floor: one plain
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
    compare("in memory", rows, repetitions, () -> loopInMemory(taxi, schema, rows),
        () -> beamInMemory(directOptions(), taxi, schema, rows), () -> beamInMemory(flinkOptions(), taxi, schema, rows));
    compare("from Avro files", rows, repetitions, () -> plainLoop(pattern),
        () -> beam(directOptions(), pattern), () -> beam(flinkOptions(), pattern));
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void compare(String setting, long rows, int repetitions, Work loopWork, Work directWork,
      Work flinkWork) throws Exception {
    System.out.printf(Locale.ROOT, "%s (load average %.2f):%n", setting,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    // Warm up every path once, so none pays for class loading and JIT alone.
    loopWork.run();
    directWork.run();
    flinkWork.run();
    double[][] loop = new double[2][repetitions];
    double[][] direct = new double[2][repetitions];
    double[][] flink = new double[2][repetitions];
    for (int r = 0; r < repetitions; r++) {
      time(loopWork, loop, r);
      time(directWork, direct, r);
      time(flinkWork, flink, r);
      System.out.printf(Locale.ROOT,
          "  run %d: plain loop %.2f s (cpu %.2f s), DirectRunner %.2f s (cpu %.2f s), embedded Flink %.2f s (cpu %.2f s)%n",
          r + 1, loop[0][r], loop[1][r], direct[0][r], direct[1][r], flink[0][r], flink[1][r]);
    }
    double l = median(loop[0]);
    double d = median(direct[0]);
    double f = median(flink[0]);
    System.out.printf(Locale.ROOT, "  median wall: plain loop %.2f s (%,.0f rows/s)%n", l, rows / l);
    System.out.printf(Locale.ROOT, "               DirectRunner %.2f s (%,.0f rows/s), ratio %.2f%n", d, rows / d, d / l);
    System.out.printf(Locale.ROOT, "               embedded Flink %.2f s (%,.0f rows/s), ratio %.2f%n", f, rows / f, f / l);
    System.out.printf(Locale.ROOT, "  median cpu:  plain loop %.2f s, DirectRunner %.2f s (ratio %.2f), embedded Flink %.2f s (ratio %.2f)%n",
        median(loop[1]), median(direct[1]), median(direct[1]) / median(loop[1]),
        median(flink[1]), median(flink[1]) / median(loop[1]));
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
  static void beamInMemory(PipelineOptions options, List<Row> taxi, Schema schema, long rows) {
    sharedTaxi = List.copyOf(taxi);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(GenerateSequence.from(0).to(rows))
        .apply(ParDo.of(new ReplicateFn()))
        .setRowSchema(schema)
        .apply(DatasetStatistics.of())
        .apply(ParDo.of(new CheckFn()));
    pipeline.run().waitUntilFinish();
  }

  /**
   * The taxi rows for {@link ReplicateFn}. Both runners measured here run in this JVM, so the rows
   * are shared through a static field instead of being serialized into every DoFn copy (which the
   * DirectRunner makes per bundle and would then dominate the measurement).
   */
  private static volatile List<Row> sharedTaxi;

  /** Row {@code i} is taxi row {@code i mod n}. */
  private static final class ReplicateFn extends DoFn<Long, Row> {
    @ProcessElement
    public void process(@Element Long i, OutputReceiver<Row> out) {
      List<Row> taxi = sharedTaxi;
      out.output(taxi.get((int) (i % taxi.size())));
    }
  }

  /** The DirectRunner as Kiln's direct backend runs users' jobs: enforcement off. */
  private static PipelineOptions directOptions() {
    DirectOptions options = PipelineOptionsFactory.create().as(DirectOptions.class);
    options.setRunner(DirectRunner.class);
    options.setEnforceImmutability(false);
    options.setEnforceEncodability(false);
    return options;
  }

  /** Flink inside this process, as Kiln's embedded flink backend: parallelism = cores, nothing staged. */
  private static PipelineOptions flinkOptions() {
    FlinkPipelineOptions options = PipelineOptionsFactory.create().as(FlinkPipelineOptions.class);
    options.setRunner(FlinkRunner.class);
    options.setFlinkMaster("[local]");
    options.setParallelism(Runtime.getRuntime().availableProcessors());
    options.setFilesToStage(List.of());
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
  static void beam(PipelineOptions options, String pattern) {
    Pipeline pipeline = Pipeline.create(options);
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

  /** Wall time into {@code into[0][r]}, this process's CPU time (all threads, JIT and GC too) into {@code into[1][r]}. */
  private static void time(Work work, double[][] into, int r) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    System.gc();
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    work.run();
    into[0][r] = (System.nanoTime() - start) / 1e9;
    into[1][r] = (os.getProcessCpuTime() - cpu) / 1e9;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

}
