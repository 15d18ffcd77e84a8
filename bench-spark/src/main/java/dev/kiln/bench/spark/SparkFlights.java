package dev.kiln.bench.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * The command scripts/bench/peers.sh times: the flights pipeline of {@link FlightsJob} in a local
 * Spark session, printing one line per phase and a result line that the benchmark checks and reads.
 *
 * <pre>
 * java @bench-spark/jvm.options -Xmx4g -cp "$(cat bench-spark/target/classpath.txt):bench-spark/target/kiln-bench-spark.jar" \
 *     dev.kiln.bench.spark.SparkFlights --input FILE.parquet|FILE.csv [--master local[2]] [--iterations 20] [--seed 42]
 * </pre>
 *
 * Exit codes: 0 done, 2 bad arguments or a missing input, 1 Spark failed.
 */
public final class SparkFlights {
  /** The prefix of every line the benchmark reads. */
  static final String PREFIX = "spark-flights:";

  private SparkFlights() {}

  /** The parsed command line. */
  record Options(FlightsJob.Settings settings, String master) {
    static Options parse(String... args) {
      Path input = null;
      String master = "local[2]";
      int iterations = 20;
      long seed = 42;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--input" -> input = Path.of(v);
          case "--master" -> master = v;
          case "--iterations" -> iterations = whole(a, v);
          case "--seed" -> seed = whole(a, v);
          default -> throw new IllegalArgumentException("unknown option " + a + " (expected --input, --master, --iterations, --seed)");
        }
      }
      if (input == null) {
        throw new IllegalArgumentException("--input is required: the flights .parquet or .csv file");
      }
      if (!Files.isRegularFile(input)) {
        throw new IllegalArgumentException("--input " + input + ": no such file (scripts/bench/flights.sh --prepare-only makes it)");
      }
      return new Options(new FlightsJob.Settings(input, iterations, 0.8, seed), master);
    }

    private static int whole(String option, String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("option " + option + ": expected a whole number, got '" + value + "'");
      }
    }
  }

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    long start = System.nanoTime();
    SparkSession spark = SparkSession.builder()
        .appName("kiln-peer-flights")
        .master(o.master())
        .config("spark.ui.enabled", "false")
        // local mode still opens a driver endpoint: keep it on the loopback interface
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.host", "127.0.0.1")
        // the hour of a timestamp must not depend on the machine's zone (Kiln reads the text as it is)
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
    System.out.println(phaseLine("session start", (System.nanoTime() - start) / 1e9));
    try {
      FlightsJob.Result r = FlightsJob.run(spark, o.settings(), (phase, seconds) -> System.out.println(phaseLine(phase, seconds)));
      System.out.println(resultLines(r, (System.nanoTime() - start) / 1e9));
    } finally {
      spark.stop();
    }
  }

  /** The line printed as soon as a phase ends (a run that is stopped still shows how far it came). */
  static String phaseLine(String phase, double seconds) {
    return String.format(Locale.ROOT, "%s phase %s %.3f s", PREFIX, phase, seconds);
  }

  /** The last lines, which the benchmark reads: the total, then the result. */
  static String resultLines(FlightsJob.Result r, double totalSeconds) {
    return String.format(Locale.ROOT, "%s total %.3f s%n%s rows %d train %d eval %d features %d iterations %d auc %.6f",
        PREFIX, totalSeconds, PREFIX, r.rows(), r.trainRows(), r.evalRows(), r.features(), r.iterations(), r.auc());
  }
}
