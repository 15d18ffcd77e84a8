package dev.kiln.core.run;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many records an output port holds, in all and per split (empty for an unsplit dataset), as
 * counted by the Beam job that wrote it.
 */
public record PortCounts(long records, SortedMap<String, Long> splits, String kind) {
  public PortCounts {
    splits = Collections.unmodifiableSortedMap(new TreeMap<>(splits));
    kind = kind == null ? "Dataset" : kind;
  }

  /** Whether the port holds a document (statistics, a model, ...) rather than rows. */
  public boolean isDocument() {
    return !"Dataset".equals(kind);
  }
}
