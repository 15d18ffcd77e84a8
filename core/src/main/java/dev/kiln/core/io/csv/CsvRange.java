package dev.kiln.core.io.csv;

import java.io.Serializable;

/**
 * A part of one CSV file that one worker reads: the data records that start at or after byte
 * {@code start} and before byte {@code end}, the first of them on line {@code line}. Both ends are
 * record boundaries found by {@link CsvRanges}; {@code end} is {@link Long#MAX_VALUE} for the last
 * part of a file, and a whole file (compressed, or small) is one range from its first data record.
 */
record CsvRange(String file, long start, long end, long line) implements Serializable {
  /** True when the range ends with its file. */
  boolean toEnd() {
    return end == Long.MAX_VALUE;
  }
}
