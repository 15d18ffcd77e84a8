package dev.kiln.ml.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The text {@code kiln show} prints for a Statistics artifact: per split, a table with one row per
 * feature — type, count, missing, then mean, standard deviation, min and max for numbers, or the
 * distinct count and the most frequent values for strings and booleans.
 */
public final class StatisticsReport {
  /** Top values shown per feature. */
  static final int TOP_SHOWN = 3;
  /** Longest value text shown before it is cut. */
  static final int VALUE_WIDTH = 28;

  private StatisticsReport() {}

  /**
   * Renders a Statistics document.
   *
   * @param json the document, as {@link StatisticsJson#toJson(StatisticsDocument)} writes it
   * @throws IllegalArgumentException when {@code json} is not a statistics document
   */
  public static String render(String json) {
    StatisticsDocument document = StatisticsJson.documentFromJson(json);
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Statistics> split : document.splits().entrySet()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      Statistics s = split.getValue();
      sb.append("split ").append(StatisticsDocument.label(split.getKey())).append(": ")
          .append(s.rows()).append(s.rows() == 1 ? " row\n" : " rows\n");
      sb.append(table(s).render());
    }
    return sb.toString();
  }

  private static TextTable table(Statistics s) {
    TextTable t = TextTable.of("feature", "type", "count", "missing", "mean", "std", "min", "max", "distinct", "top values")
        .alignRight(2, 3, 4, 5, 6, 7, 8);
    for (FeatureStatistics f : s.features()) {
      String count = Long.toString(f.count());
      String missing = Long.toString(f.missing());
      if (f.numbers() != null) {
        NumericStatistics n = f.numbers();
        t.add(f.name(), f.type(), count, missing, TextTable.number(n.mean()), TextTable.number(n.stdDev()),
            TextTable.number(n.min()), TextTable.number(n.max()));
      } else if (f.strings() != null) {
        StringStatistics str = f.strings();
        t.add(f.name(), f.type(), count, missing, "", "", "", "",
            (str.distinctExact() ? "" : "~") + str.distinct(), top(str));
      } else if (f.booleans() != null) {
        BooleanStatistics b = f.booleans();
        long distinct = (b.trueCount() > 0 ? 1 : 0) + (b.falseCount() > 0 ? 1 : 0);
        String top = b.trueCount() >= b.falseCount()
            ? "true " + b.trueCount() + ", false " + b.falseCount()
            : "false " + b.falseCount() + ", true " + b.trueCount();
        t.add(f.name(), f.type(), count, missing, "", "", "", "", Long.toString(distinct), top);
      } else {
        t.add(f.name(), f.type(), count, missing);
      }
    }
    return t;
  }

  private static String top(StringStatistics str) {
    List<String> parts = new ArrayList<>();
    for (StringStatistics.ValueCount vc : str.top().subList(0, Math.min(TOP_SHOWN, str.top().size()))) {
      parts.add(quote(vc.value()) + " " + (str.topCountErrorBound() > 0 ? ">=" : "") + vc.count());
    }
    if (str.distinct() > parts.size() && !parts.isEmpty()) {
      parts.add("...");
    }
    return String.join(", ", parts);
  }

  /** A value as shown: cut to {@link #VALUE_WIDTH}, quoted when empty or padded, line breaks escaped. */
  static String quote(String value) {
    String v = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    if (v.codePointCount(0, v.length()) > VALUE_WIDTH) {
      v = v.substring(0, v.offsetByCodePoints(0, VALUE_WIDTH - 3)) + "...";
    }
    return v.isEmpty() || !v.strip().equals(v) || v.contains(",") ? "\"" + v + "\"" : v;
  }
}
