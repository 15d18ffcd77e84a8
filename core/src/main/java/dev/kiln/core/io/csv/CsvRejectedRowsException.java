package dev.kiln.core.io.csv;

import dev.kiln.core.io.ReadCounts;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * Thrown (failing the job) when a CSV read rejected a larger share of rows than its options
 * allow. The message reads like {@code data.csv: 1,204 of 10,000 rows (12.0%) were rejected,
 * more than the allowed 1.0%; first: line 17: column 'fare': "abc" is not a double}.
 */
public class CsvRejectedRowsException extends RuntimeException implements dev.kiln.core.spec.BadInput {
  private static final long serialVersionUID = 1L;

  private final transient ReadCounts counts;

  CsvRejectedRowsException(String source, boolean singleFile, ReadCounts counts, double maxShare) {
    super(message(source, singleFile, counts, maxShare));
    this.counts = counts;
  }

  /** The counts that failed the check. */
  public ReadCounts counts() {
    return counts;
  }

  static String message(String source, boolean singleFile, ReadCounts counts, double maxShare) {
    StringBuilder msg = new StringBuilder(source).append(": ")
        .append(String.format(Locale.US, "%,d of %,d rows (%s) were rejected", counts.rejected(), counts.rows(),
            observedPercent(counts.rejectedShare())));
    if (maxShare == 0.0) {
      msg.append(" and none are allowed (allow some with maxRejectedShare)");
    } else {
      msg.append(", more than the allowed ").append(percent(maxShare));
    }
    msg.append("; first: ");
    if (!singleFile) {
      msg.append(Objects.requireNonNullElse(counts.firstFile(), "?")).append(' ');
    }
    return msg.append("line ").append(counts.firstLine()).append(": ")
        .append(Objects.requireNonNullElse(counts.firstReason(), "?")).toString();
  }

  /** One decimal ("12.0%"), and "<0.1%" rather than a misleading "0.0%". */
  private static String observedPercent(double share) {
    return share > 0 && share < 0.001 ? "<0.1%" : String.format(Locale.US, "%.1f%%", share * 100);
  }

  /** One decimal ("1.0%") unless more are needed to show the configured share exactly ("0.25%"). */
  private static String percent(double share) {
    BigDecimal exact = BigDecimal.valueOf(share * 100).stripTrailingZeros();
    String text = exact.scale() > 1 ? exact.toPlainString() : String.format(Locale.US, "%.1f", share * 100);
    return text + "%";
  }
}
