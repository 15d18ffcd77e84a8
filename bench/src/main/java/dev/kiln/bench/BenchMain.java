package dev.kiln.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark command (run through scripts/bench/*.sh):
 *
 * <pre>
 * java -cp kiln.jar:kiln-examples.jar:kiln-bench.jar dev.kiln.bench.BenchMain BENCH [options]
 *   BENCH: cached | overhead | plan | flights | peers | taxi-demo | scale
 *   --rounds N      timed repetitions of each command (default: 7; overhead and flights 3)
 *   --times N       copies of the taxi rows in the big CSV (default 100: 1M rows); for scale, copies of
 *                   the flights rows in the big run (default 10: flights-30m.csv)
 *   --runs N        earlier runs in the store for 'plan' (default 10000)
 *   --jvm-opt OPT   a JVM option for every child process (repeatable)
 *   --cds FILE      also time the kiln commands with this AppCDS archive (cached, plan), side by side
 *   --repo DIR      the repository (default: the current folder); data goes to DIR/bench-data
 *   --data DIR      the data folder instead (scripts/bench/*.sh pass $KILN_BENCH_DATA)
 *   flights only (scripts/bench/flights.sh prepares the data):
 *   --csv FILE          the flights CSV (default bench-data/flights/flights-3m.csv)
 *   --rows N            the rows it holds (default 3000000)
 *   --flink-master H:P  also run on this Flink cluster (REST address)
 *   --flink-state DIR   the cluster script's state folder with its pid files (default target/flink-cluster)
 *   peers only (scripts/bench/peers.sh passes the Spark side's files):
 *   --pipeline FILE          the Kiln flights pipeline (required)
 *   --spark-input FILE       the flights data Spark reads, .parquet or .csv (required)
 *   --spark-classpath FILE   a file holding the Spark peer's class path (bench-spark/target/classpath.txt)
 *   --spark-jar FILE         the Spark peer's jar (bench-spark/target/kiln-bench-spark.jar)
 *   --spark-jvm-options FILE the JVM options Spark needs on Java 17 (bench-spark/jvm.options)
 *   --runners LIST           Kiln's runners, comma-separated (default flink,direct)
 *   --limit-minutes N        a run still going after N minutes is stopped, "did not finish" (default 15;
 *                            scale 90)
 *   scale only (scripts/bench/scale.sh; children get -Xmx2g unless an -Xmx is given):
 *   --pipeline FILE          the flights pipeline (default pipelines/flights.yaml); its csv path is replaced
 *   --jfr true|false         also record each run with Java Flight Recorder, next to its log (default false)
 *   taxi-demo only (scripts/bench/taxi-demo.sh):
 *   --baseline JAR           the kiln.jar to compare with (kiln-examples.jar beside it; required)
 * </pre>
 *
 * Exit codes: 0 done (whether or not a target is met: the report says), 2 bad arguments, 1 a
 * benchmark could not run.
 */
public final class BenchMain {
  static final List<String> BENCHMARKS = List.of("cached", "overhead", "plan", "flights", "peers", "taxi-demo", "scale");
  static final String NAMES = String.join(", ", BENCHMARKS.subList(0, BENCHMARKS.size() - 1))
      + " or " + BENCHMARKS.get(BENCHMARKS.size() - 1);

  private BenchMain() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (BenchException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(e instanceof IllegalArgumentException ? 2 : 1);
    }
  }

  static int run(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("name a benchmark: " + NAMES);
    }
    String bench = args[0];
    Integer rounds = null;
    Integer times = null;
    int runs = 10_000;
    Path repo = Path.of("").toAbsolutePath();
    List<String> jvmOptions = new ArrayList<>();
    Path cds = null;
    Path csv = null;
    long rows = 3_000_000;
    String flinkMaster = null;
    Path flinkState = null;
    Path data = null;
    Path pipeline = null;
    Path sparkInput = null;
    Path sparkClassPath = null;
    Path sparkJar = null;
    Path sparkJvmOptions = null;
    List<String> runners = List.of("flink", "direct");
    Integer limitMinutes = null;
    boolean jfr = false;
    Path baseline = null;
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      String value = i + 1 < args.length ? args[i + 1] : null;
      if (value == null) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      switch (a) {
        case "--rounds" -> rounds = positive(a, value);
        case "--times" -> times = positive(a, value);
        case "--runs" -> runs = positive(a, value);
        case "--jvm-opt" -> jvmOptions.add(value);
        case "--repo" -> repo = Path.of(value).toAbsolutePath().normalize();
        case "--cds" -> cds = Path.of(value).toAbsolutePath().normalize();
        case "--csv" -> csv = Path.of(value).toAbsolutePath().normalize();
        case "--rows" -> rows = positive(a, value);
        case "--flink-master" -> flinkMaster = hostPort(a, value);
        case "--flink-state" -> flinkState = Path.of(value).toAbsolutePath().normalize();
        case "--data" -> data = Path.of(value).toAbsolutePath().normalize();
        case "--pipeline" -> pipeline = Path.of(value).toAbsolutePath().normalize();
        case "--spark-input" -> sparkInput = Path.of(value).toAbsolutePath().normalize();
        case "--spark-classpath" -> sparkClassPath = Path.of(value).toAbsolutePath().normalize();
        case "--spark-jar" -> sparkJar = Path.of(value).toAbsolutePath().normalize();
        case "--spark-jvm-options" -> sparkJvmOptions = Path.of(value).toAbsolutePath().normalize();
        case "--runners" -> runners = List.of(value.split(","));
        case "--limit-minutes" -> limitMinutes = positive(a, value);
        case "--baseline" -> baseline = Path.of(value).toAbsolutePath().normalize();
        case "--jfr" -> jfr = bool(a, value);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
      i++;
    }
    if ((bench.equals("flights") || bench.equals("peers")) && jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      jvmOptions.add("-Xmx4g"); // the same explicit heap for every side: the comparison is of memory too
    }
    if (bench.equals("scale") && jvmOptions.stream().noneMatch(o -> o.startsWith("-Xmx"))) {
      jvmOptions.add("-Xmx2g"); // issue 10: every step within a 2 GB heap, embedded Flink included
    }
    int defaultRounds = bench.equals("overhead") || bench.equals("flights") || bench.equals("peers")
        || bench.equals("taxi-demo") ? 3 : 7;
    if (!BENCHMARKS.contains(bench)) {
      throw new IllegalArgumentException("unknown benchmark '" + bench + "': " + NAMES);
    }
    if (cds != null && !java.nio.file.Files.isRegularFile(cds)) {
      throw new IllegalArgumentException("option --cds: no archive " + cds + " (scripts/kiln makes cli/target/kiln.jsa)");
    }
    List<String> runOptions = Jvm.launcherRunOptions(repo, jvmOptions);
    BenchContext ctx = new BenchContext(repo, data != null ? data : repo.resolve("bench-data"),
        Jvm.current(jvmOptions).withRunOptions(runOptions),
        rounds == null ? defaultRounds : rounds, times == null ? 100 : times, runs, cds);
    Report report = switch (bench) {
      case "cached" -> CachedRunBenchmark.run(ctx);
      case "overhead" -> OverheadBenchmark.run(ctx);
      case "plan" -> PlanBenchmark.run(ctx);
      case "flights" -> FlightsBenchmark.run(ctx, new FlightsBenchmark.Settings(
          csv != null ? csv : ctx.data().resolve("flights/flights-3m.csv"), rows, flinkMaster,
          flinkState != null ? flinkState : repo.resolve("target/flink-cluster")));
      case "peers" -> PeersBenchmark.run(ctx, new PeersBenchmark.Settings(
          required("--pipeline", pipeline),
          new PeersBenchmark.SparkPeer(sparkClassPath(required("--spark-classpath", sparkClassPath), required("--spark-jar", sparkJar)),
              required("--spark-jvm-options", sparkJvmOptions), required("--spark-input", sparkInput)),
          runners, java.time.Duration.ofMinutes(limitMinutes == null ? 15 : limitMinutes), rows));
      case "scale" -> ScaleBenchmark.run(ctx, new ScaleBenchmark.Settings(
          pipeline != null ? pipeline : repo.resolve("pipelines/flights.yaml"),
          ScaleBenchmark.flightsSizes(ctx.data(), times == null ? 10 : times),
          java.time.Duration.ofMinutes(limitMinutes == null ? 90 : limitMinutes), jfr));
      case "taxi-demo" -> TaxiDemoBenchmark.run(ctx, new TaxiDemoBenchmark.Settings(
          required("--baseline", baseline, "the kiln.jar to compare with, e.g. one built from an older commit"),
          repo.resolve("cli/target/kiln.jar") + java.io.File.pathSeparator + repo.resolve("examples/target/kiln-examples.jar")));
      default -> throw new IllegalStateException("benchmark '" + bench + "' is listed in BENCHMARKS but has no case here");
    };
    if (!runOptions.isEmpty()) {
      report.line("").line("JVM options scripts/kiln run adds, which every `kiln run` child gets too: `%s`", String.join(" ", runOptions));
    }
    if (!jvmOptions.isEmpty()) {
      report.line("").line("JVM options of every child: `%s`", String.join(" ", jvmOptions));
    }
    report.publish(ctx.data().resolve("results"), bench);
    return 0;
  }

  private static Path required(String option, Path value) {
    return required(option, value, "scripts/bench/peers.sh passes it");
  }

  private static Path required(String option, Path value, String hint) {
    if (value == null) {
      throw new IllegalArgumentException("option " + option + " is required for this benchmark (" + hint + ")");
    }
    return value;
  }

  /** The peer's jar, then the class path Maven wrote for it. */
  static String sparkClassPath(Path classPathFile, Path jar) {
    if (!java.nio.file.Files.isRegularFile(classPathFile) || !java.nio.file.Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("no Spark peer at " + jar + " / " + classPathFile + ": build it with mvn -pl bench-spark package");
    }
    try {
      return jar + java.io.File.pathSeparator + java.nio.file.Files.readString(classPathFile).strip();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean bool(String option, String value) {
    return switch (value) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("option " + option + ": expected true or false, got '" + value + "'");
    };
  }

  private static String hostPort(String option, String value) {
    if (!value.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException("option " + option + ": expected HOST:PORT (a Flink REST address), got '" + value + "'");
    }
    return value;
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option " + option + ": expected a positive whole number, got '" + value + "'");
    }
  }
}
