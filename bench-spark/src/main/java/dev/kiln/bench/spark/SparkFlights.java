package dev.kiln.bench.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
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
    double startup = (System.nanoTime() - start) / 1e9;
    try {
      FlightsJob.Result r = FlightsJob.run(spark, o.settings());
      System.out.println(lines(r, startup, (System.nanoTime() - start) / 1e9));
    } finally {
      spark.stop();
    }
  }

  /** The output the benchmark reads: a line per phase, then the result line. */
  static String lines(FlightsJob.Result r, double startupSeconds, double totalSeconds) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s phase session start %.3f s%n", PREFIX, startupSeconds));
    for (Map.Entry<String, Double> p : r.phaseSeconds().entrySet()) {
      b.append(String.format(Locale.ROOT, "%s phase %s %.3f s%n", PREFIX, p.getKey(), p.getValue()));
    }
    b.append(String.format(Locale.ROOT, "%s total %.3f s%n", PREFIX, totalSeconds));
    b.append(String.format(Locale.ROOT, "%s rows %d train %d eval %d features %d iterations %d auc %.6f",
        PREFIX, r.rows(), r.trainRows(), r.evalRows(), r.features(), r.iterations(), r.auc()));
    return b.toString();
  }
}
