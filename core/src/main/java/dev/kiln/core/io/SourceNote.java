package dev.kiln.core.io;

import dev.kiln.core.io.csv.CsvRead;
import java.io.Serializable;
import org.apache.beam.sdk.values.Row;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a source read says beside its rows: a rejected record, or one unit's (file's, range's)
 * {@link ReadCounts}. Both go to one side output, so a reader's ParDo has two outputs, not three: on
 * Flink every output of a ParDo receives every element (rows included) over its own network edge and
 * drops what is not its own, so each extra output costs a serialization and a deserialization per row.
 *
 * @param counts the unit's counts, or null for a rejected record
 */
public record SourceNote(@Nullable ReadCounts counts, @Nullable String file, long line, @Nullable String reason,
    @Nullable String text) implements Serializable {

  public static SourceNote rejected(String file, long line, String reason, String text) {
    return new SourceNote(null, file, line, reason, text);
  }

  public static SourceNote counted(ReadCounts counts) {
    return new SourceNote(counts, null, 0, null, null);
  }

  public boolean isCounts() {
    return counts != null;
  }

  /** The rejected record as a row of {@link CsvRead#REJECTED_SCHEMA}. */
  public Row asRejectedRow() {
    return Row.withSchema(CsvRead.REJECTED_SCHEMA).addValues(file, line, reason, text).build();
  }
}
