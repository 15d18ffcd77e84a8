package dev.kiln.core.io;

import dev.kiln.core.spec.BadInput;
import java.util.Locale;

/**
 * Fails a source read that rejected a larger share of records than allowed, e.g. {@code trips.jsonl:
 * 3 of 100 rows (3.0%) were rejected and none are allowed (allow some with maxRejectedShare); first:
 * line 17: column 'fare': "abc" is not a double}.
 */
public class RejectedRowsException extends RuntimeException implements BadInput {
  private static final long serialVersionUID = 1L;

  public RejectedRowsException(String source, boolean singleFile, String unit, ReadCounts counts, double maxShare) {
    super(message(source, singleFile, unit, counts, maxShare));
  }

  private static String message(String source, boolean singleFile, String unit, ReadCounts c, double maxShare) {
    StringBuilder msg = new StringBuilder(source).append(": ")
        .append(String.format(Locale.US, "%,d of %,d rows (%.1f%%) were rejected", c.rejected(), c.rows(), c.rejectedShare() * 100));
    msg.append(maxShare == 0.0 ? " and none are allowed (allow some with maxRejectedShare)"
        : String.format(Locale.US, ", more than the allowed %s%%", maxShare * 100));
    msg.append("; first: ");
    if (!singleFile) {
      msg.append(c.firstFile()).append(' ');
    }
    return msg.append(unit).append(' ').append(c.firstLine()).append(": ").append(c.firstReason()).toString();
  }
}
