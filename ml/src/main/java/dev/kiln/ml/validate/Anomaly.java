package dev.kiln.ml.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StringStatistics.ValueCount;
import java.io.Serializable;
import java.util.Comparator;
import java.util.List;

/**
 * One finding of the validator.
 *
 * @param split the split of the data ({@code ""} for an unsplit dataset)
 * @param feature the feature concerned
 * @param kind what is wrong
 * @param description one sentence for people, with the figures
 * @param count rows concerned (rows with a value, missing rows, rows outside the domain or range);
 *     exact unless {@code countAtMost} is set, then the least number there can be; null for drift and
 *     skew
 * @param countAtMost the most rows there can be, when the statistics only bound the count; else null
 * @param values out-of-domain (or non-numeric) values seen with their counts, most frequent first
 * @param measured the measured figure: a distance for drift and skew, the observed min or max for a range
 * @param threshold what {@code measured} was compared with: the distance threshold, the allowed bound
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Anomaly(
    @JsonProperty("split") String split,
    @JsonProperty("feature") String feature,
    @JsonProperty("kind") AnomalyKind kind,
    @JsonProperty("description") String description,
    @JsonProperty("count") Long count,
    @JsonProperty("countAtMost") Long countAtMost,
    @JsonProperty("values") List<ValueCount> values,
    @JsonProperty("measured") Double measured,
    @JsonProperty("threshold") Double threshold)
    implements Serializable {

  /** Document order: by split, feature, kind, then description. */
  public static final Comparator<Anomaly> ORDER = Comparator.comparing(Anomaly::split)
      .thenComparing(Anomaly::feature).thenComparing(Anomaly::kind).thenComparing(Anomaly::description);

  public Anomaly {
    values = values == null ? null : List.copyOf(values);
  }

  /** An anomaly with a row count only. */
  static Anomaly counted(String split, String feature, AnomalyKind kind, String description, long count) {
    return new Anomaly(split, feature, kind, description, count, null, null, null, null);
  }

  /** A short line naming the feature, the split, the kind and the counts, for failure messages. */
  public String summary() {
    StringBuilder sb = new StringBuilder(feature);
    if (!split.isEmpty()) {
      sb.append(" (").append(StatisticsDocument.label(split)).append(')');
    }
    sb.append(' ').append(kind.jsonName());
    if (values != null && !values.isEmpty()) {
      ValueCount first = values.get(0);
      sb.append(" '").append(first.value()).append("' x").append(first.count());
      if (values.size() > 1) {
        sb.append(" +").append(values.size() - 1).append(" more");
      }
    } else if (count != null) {
      sb.append(' ').append(count).append(countAtMost != null && !countAtMost.equals(count) ? "-" + countAtMost : "")
          .append(count == 1 && countAtMost == null ? " row" : " rows");
    } else if (measured != null && threshold != null) {
      sb.append(' ').append(Figures.format(measured)).append(" > ").append(Figures.format(threshold));
    }
    return sb.toString();
  }
}
