package dev.kiln.core.io;

import dev.kiln.core.spec.BadInput;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * Fails a source read (CSV, JSON, Parquet) that rejected a larger share of records than allowed, e.g.
 * {@code data.csv: 1,204 of 10,000 rows (12.0%) were rejected, more than the allowed 1.0%; first: line 17:
 * column 'fare': "abc" is not a double}.
 */
public class RejectedRowsException extends RuntimeException implements BadInput {
  private static final long serialVersionUID = 1L;

  private final transient ReadCounts counts;

  /**
   * @param singleFile whether the read had one file (then the first rejection's file is not named)
   * @param unit what a position counts: {@code line} for text files, {@code record} for Parquet
   */
  public RejectedRowsException(String source, boolean singleFile, String unit, ReadCounts counts, double maxShare) {
    super(message(source, singleFile, unit, counts, maxShare));
    this.counts = counts;
  }

  /** The counts that failed the check. */
  public ReadCounts counts() {
    return counts;
  }

  private static String message(String source, boolean singleFile, String unit, ReadCounts c, double maxShare) {
    StringBuilder msg = new StringBuilder(source).append(": ")
        .append(String.format(Locale.US, "%,d of %,d rows (%s) were rejected", c.rejected(), c.rows(),
            observedPercent(c.rejectedShare())));
    if (maxShare == 0.0) {
      msg.append(" and none are allowed (allow some with maxRejectedShare)");
    } else {
      msg.append(", more than the allowed ").append(percent(maxShare));
    }
    msg.append("; first: ");
    if (!singleFile) {
      msg.append(Objects.requireNonNullElse(c.firstFile(), "?")).append(' ');
    }
    return msg.append(unit).append(' ').append(c.firstLine()).append(": ")
        .append(Objects.requireNonNullElse(c.firstReason(), "?")).toString();
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
