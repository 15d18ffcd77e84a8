package dev.kiln.ml.stats;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The statistics of one dataset (or one split): the row count and one {@link FeatureStatistics}
 * per schema field, in schema order, with the options they were computed with. A plain value:
 * {@link StatisticsJson} turns it into canonical JSON (sorted keys) and back.
 *
 * @param format the document version, {@link #FORMAT}
 * @param rows number of rows
 * @param features per field of the schema, in schema order
 * @param options the sketch settings used
 */
public record Statistics(int format, long rows, List<FeatureStatistics> features, StatisticsOptions options)
    implements Serializable {
  /** The current document version. */
  public static final int FORMAT = 1;

  public Statistics {
    features = List.copyOf(features);
  }

  /** The statistics of the feature named {@code name}, if the schema has it. */
  public Optional<FeatureStatistics> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
