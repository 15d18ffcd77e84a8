package dev.kiln.core.run;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many records an output port holds, in all and per split (empty for an unsplit dataset), as
 * counted by the Beam job that wrote it.
 */
public record PortCounts(long records, SortedMap<String, Long> splits) {
  public PortCounts {
    splits = Collections.unmodifiableSortedMap(new TreeMap<>(splits));
  }
}
