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
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
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
 *   <li><b>in memory</b>: the 10,000 parsed taxi rows, replicated; Beam makes them from 16 shard
 *       numbers with a DoFn (row {@code i} is taxi row {@code i mod 10,000}), the loop walks the
 *       same Row objects. This is the cost of the statistics themselves plus the runner's per-row cost.
 *   <li><b>from Avro files</b>: two Beam paths. <i>rows</i>: core's {@code AvroFiles.read} (each
 *       record converted to a Row element), then {@code DatasetStatistics}, as the step does for rows
 *       made in its own stage; <i>folded</i>: {@link AvroFileStatistics}, as the step does for a
 *       committed Avro dataset (records folded while the files are read). The loop reads
 *       GenericRecords with Avro's DataFileReader (one reused record) and feeds each value to the
 *       field summaries directly, without making Rows: the lowest floor, since the Beam paths make
 *       a Row per record.
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
    List<String> fileList = avroFiles(dir);
    Schema fileSchema = AvroFiles.schemaOf(pattern);
    compare("in memory", rows, repetitions, List.of(
        new Path_("plain loop", () -> loopInMemory(taxi, schema, rows)),
        new Path_("DirectRunner, rows", () -> beamInMemory(directOptions(), taxi, schema, rows)),
        new Path_("embedded Flink, rows", () -> beamInMemory(flinkOptions(), taxi, schema, rows))));
    compare("from Avro files", rows, repetitions, List.of(
        new Path_("plain loop", () -> plainLoop(pattern)),
        new Path_("DirectRunner, rows", () -> beam(directOptions(), pattern)),
        new Path_("DirectRunner, folded", () -> beamFolded(directOptions(), fileList, fileSchema)),
        new Path_("embedded Flink, rows", () -> beam(flinkOptions(), pattern)),
        new Path_("embedded Flink, folded", () -> beamFolded(flinkOptions(), fileList, fileSchema))));
    System.out.printf(Locale.ROOT, "load average at the end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** One measured way to compute the statistics. */
  private record Path_(String name, Work work) {}

  /**
   * Warms every path up once, then runs them in turn {@code repetitions} times (alternating, so load
   * changes hit all alike) and prints each run and the medians, wall and CPU, with the ratio to the
   * first path (the plain loop).
   */
  private static void compare(String setting, long rows, int repetitions, List<Path_> paths) throws Exception {
    System.out.printf(Locale.ROOT, "%s (load average %.2f):%n", setting,
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    for (Path_ path : paths) {
      path.work().run(); // class loading and JIT outside the measurement
    }
    double[][][] times = new double[paths.size()][2][repetitions];
    for (int r = 0; r < repetitions; r++) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  run %d (load %.2f):", r + 1,
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
      for (int i = 0; i < paths.size(); i++) {
        time(paths.get(i).work(), times[i], r);
        line.append(String.format(Locale.ROOT, " %s %.2f s (cpu %.2f s);", paths.get(i).name(), times[i][0][r], times[i][1][r]));
      }
      System.out.println(line);
    }
    double loopWall = median(times[0][0]);
    double loopCpu = median(times[0][1]);
    System.out.printf(Locale.ROOT, "  | %s | wall (median of %d) | rows/s | ratio | CPU | ratio |%n", setting, repetitions);
    for (int i = 0; i < paths.size(); i++) {
      double wall = median(times[i][0]);
      double cpu = median(times[i][1]);
      System.out.printf(Locale.ROOT, "  | %s | %.2f s | %,.0f | %.2f | %.2f s | %.2f |%n",
          paths.get(i).name(), wall, rows / wall, wall / loopWall, cpu, cpu / loopCpu);
    }
  }

  /** The benchmark's Avro files, sorted by name. */
  private static List<String> avroFiles(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.toString().endsWith(".avro")).sorted().map(p -> p.toAbsolutePath().toString()).toList();
    }
  }

  /** What the statistics step does with a committed Avro dataset: fold the records while reading the files. */
  static void beamFolded(PipelineOptions options, List<String> files, Schema schema) {
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(AvroFileStatistics.of(files, schema, StatisticsOptions.defaults()))
        .apply(ParDo.of(new CheckFn()));
    pipeline.run().waitUntilFinish();
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

  /** Shards of the in-memory input: each Create element stands for a contiguous range of row indices. */
  private static final int SHARDS = 16;

  /**
   * The Beam job in memory: {@code SHARDS} shard numbers, each expanded to its range of rows by a DoFn,
   * then DatasetStatistics. Not {@code GenerateSequence}: as a splittable source it checkpoints every
   * 100 elements on the DirectRunner (10,000 bundles, each with its own accumulator) and updates
   * Flink's metrics per element, which measures the source, not the statistics.
   */
  static void beamInMemory(PipelineOptions options, List<Row> taxi, Schema schema, long rows) {
    sharedTaxi = List.copyOf(taxi);
    List<Long> shards = new ArrayList<>();
    for (long s = 0; s < SHARDS; s++) {
      shards.add(s);
    }
    Pipeline pipeline = Pipeline.create(options);
    pipeline.apply(Create.of(shards))
        .apply(ParDo.of(new ReplicateFn(rows)))
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

  /** Shard {@code s} to rows {@code i} in {@code [s * rows / SHARDS, (s + 1) * rows / SHARDS)}; row {@code i} is taxi row {@code i mod n}. */
  private static final class ReplicateFn extends DoFn<Long, Row> {
    private final long rows;

    ReplicateFn(long rows) {
      this.rows = rows;
    }

    @ProcessElement
    public void process(@Element Long shard, OutputReceiver<Row> out) {
      List<Row> taxi = sharedTaxi;
      long end = (shard + 1) * rows / SHARDS;
      for (long i = shard * rows / SHARDS; i < end; i++) {
        out.output(taxi.get((int) (i % taxi.size())));
      }
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
