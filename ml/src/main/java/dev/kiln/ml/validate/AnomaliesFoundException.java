package dev.kiln.ml.validate;

import dev.kiln.core.spec.BadInput;
import java.util.List;

/**
 * Thrown by the validate step under {@code onAnomalies: fail} when the data has anomalies: the job
 * fails and commits nothing. The message is one line naming the first anomalies and how many there are.
 */
public class AnomaliesFoundException extends RuntimeException implements BadInput {
  /** Anomalies named in the message. */
  static final int NAMED = 3;

  private final AnomaliesDocument anomalies;

  public AnomaliesFoundException(AnomaliesDocument anomalies) {
    super(message(anomalies));
    this.anomalies = anomalies;
  }

  /** What was found. */
  public AnomaliesDocument anomalies() {
    return anomalies;
  }

  static String message(AnomaliesDocument document) {
    List<Anomaly> all = document.anomalies();
    StringBuilder sb = new StringBuilder("validation found ").append(all.size())
        .append(all.size() == 1 ? " anomaly: " : " anomalies: ");
    for (int i = 0; i < Math.min(NAMED, all.size()); i++) {
      if (i > 0) {
        sb.append("; ");
      }
      String s = all.get(i).summary();
      sb.append(s.length() > 100 ? s.substring(0, 97) + "..." : s);
    }
    if (all.size() > NAMED) {
      sb.append("; and ").append(all.size() - NAMED).append(" more");
    }
    return sb.append(" (fix the data or the schema, or set onAnomalies: warn to record them and go on)").toString();
  }
}
