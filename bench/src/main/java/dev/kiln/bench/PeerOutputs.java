package dev.kiln.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the two sides of the peers benchmark print: the Spark peer's {@code spark-flights:}
 * lines (bench-spark's {@code SparkFlights}), and a {@code kiln run}'s step lines plus the AUC that
 * {@code kiln show} prints for the evaluate step. Every figure becomes a named measurement of the run.
 */
final class PeerOutputs {
  static final String AUC = "AUC";
  static final String FEATURES = "features";

  private static final Pattern SPARK_PHASE = Pattern.compile("(?m)^spark-flights: phase (.+) ([0-9.]+) s$");
  private static final Pattern SPARK_RESULT = Pattern.compile(
      "(?m)^spark-flights: rows (\\d+) train (\\d+) eval (\\d+) features (\\d+) iterations (\\d+) auc ([0-9.]+|NaN)$");
  private static final Pattern KILN_STEP = Pattern.compile("(?m)^  (\\S+)\\s+COMPLETE\\s+([0-9.]+)s\\b");
  private static final Pattern KILN_RUN = Pattern.compile("(?m)^Run \\S+ COMPLETE in ([0-9.]+)s");
  private static final Pattern KILN_AUC = Pattern.compile("(?m)^\\s*overall:.*?\\bauc ([0-9.]+|NaN)\\b");

  private PeerOutputs() {}

  /**
   * The Spark peer's phases (ms, "spark: PHASE"), its AUC, feature count and rows.
   *
   * @throws BenchException when the result line is missing or counts other than {@code rows} rows
   */
  static Map<String, Double> spark(String log, long rows) {
    Matcher r = SPARK_RESULT.matcher(log);
    if (!r.find()) {
      throw new BenchException("the Spark peer printed no result line ('spark-flights: rows … auc …')");
    }
    if (Long.parseLong(r.group(1)) != rows) {
      throw new BenchException("the Spark peer read " + r.group(1) + " rows, expected " + rows);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    Matcher p = SPARK_PHASE.matcher(log);
    while (p.find()) {
      m.put("spark: " + p.group(1) + " ms", Double.parseDouble(p.group(2)) * 1000);
    }
    m.put("eval rows", Double.parseDouble(r.group(3)));
    m.put(FEATURES, Double.parseDouble(r.group(4)));
    m.put("LR iterations", Double.parseDouble(r.group(5)));
    m.put(AUC, Double.parseDouble(r.group(6)));
    return m;
  }

  /**
   * The time kiln reports for the run and, for each step, the time at which it completed (ms,
   * "kiln: STEP done at"; steps of one stage complete together).
   *
   * @throws BenchException when the run did not say it completed
   */
  static Map<String, Double> kilnRun(String log) {
    Matcher run = KILN_RUN.matcher(log);
    if (!run.find()) {
      throw new BenchException("the kiln run printed no 'Run … COMPLETE in …' line");
    }
    Map<String, Double> m = new LinkedHashMap<>();
    Matcher s = KILN_STEP.matcher(log);
    while (s.find()) {
      m.put("kiln: " + s.group(1) + " done at ms", Double.parseDouble(s.group(2)) * 1000);
    }
    m.put("kiln run ms", Double.parseDouble(run.group(1)) * 1000);
    return m;
  }

  /**
   * The AUC in {@code kiln show}'s rendering of the evaluate step's Metrics ("overall:  auc 0.6437 …").
   *
   * @throws BenchException when the output shows no AUC
   */
  static double kilnAuc(String show) {
    Matcher m = KILN_AUC.matcher(show);
    if (!m.find()) {
      throw new BenchException("kiln show printed no 'overall: … auc …' line: did the pipeline have an evaluate step?");
    }
    return Double.parseDouble(m.group(1));
  }
}
