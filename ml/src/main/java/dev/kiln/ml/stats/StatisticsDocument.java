package dev.kiln.ml.stats;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Statistics artifact: the {@link Statistics} of every split of a dataset, by split name
 * ({@code ""} for an unsplit dataset). {@link StatisticsJson#toJson(StatisticsDocument)} writes it as
 * canonical JSON, e.g. {@code {"format":1,"splits":{"eval":{...},"train":{...}}}}.
 *
 * @param format the document version, {@link #FORMAT}
 * @param splits split name to its statistics, sorted by name
 */
public record StatisticsDocument(int format, SortedMap<String, Statistics> splits) implements Serializable {
  /** The current document version. */
  public static final int FORMAT = 1;

  public StatisticsDocument {
    if (splits == null || splits.isEmpty()) {
      throw new IllegalArgumentException("a statistics document needs at least one split");
    }
    splits = Collections.unmodifiableSortedMap(new TreeMap<>(splits));
  }

  /** A document of the current format. */
  public static StatisticsDocument of(Map<String, Statistics> splits) {
    return new StatisticsDocument(FORMAT, new TreeMap<>(splits));
  }

  /**
   * The statistics of split {@code name}.
   *
   * @throws IllegalArgumentException naming the splits there are, when there is no such split
   */
  public Statistics split(String name) {
    Statistics s = splits.get(name);
    if (s == null) {
      throw new IllegalArgumentException("the statistics have no split '" + name + "'; splits are " + names());
    }
    return s;
  }

  /** The split names, for messages: {@code [eval, train]}, or {@code [(unsplit)]}. */
  public String names() {
    return splits.keySet().stream().map(StatisticsDocument::label).toList().toString();
  }

  /** How a split name reads in messages and reports: the unsplit dataset's {@code ""} as {@code (unsplit)}. */
  public static String label(String split) {
    return split.isEmpty() ? "(unsplit)" : split;
  }
}
