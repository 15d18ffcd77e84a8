package dev.kiln.ml.validate;

import dev.kiln.ml.schema.DataSchema;
import dev.kiln.ml.schema.FeatureSchema;
import dev.kiln.ml.schema.FeatureTypes;
import dev.kiln.ml.stats.FeatureKind;
import dev.kiln.ml.stats.FeatureStatistics;
import dev.kiln.ml.stats.NumericStatistics;
import dev.kiln.ml.stats.Statistics;
import dev.kiln.ml.stats.StatisticsDocument;
import dev.kiln.ml.stats.StringStatistics;
import dev.kiln.ml.stats.StringStatistics.ValueCount;
import java.util.ArrayList;
import java.util.List;

/**
 * The statistics of one split against a schema: missing and unexpected features, type mismatches,
 * missing values of required features, string values outside a domain, numbers outside a range.
 * Counts come from the statistics; where those only bound a count (sketches), the anomaly says so.
 *
 * <p>Values outside a domain or range make an anomaly only when there are more than {@code minShare}
 * of the split's values (the proven count, the least a sketch allows): a random split of one data set
 * puts a few rare categories and a few values beyond the other part's extremes in each part, and those
 * are not a change in the data. With {@code minShare} 0 a single value is an anomaly.
 */
public final class SchemaCheck {
  /** Non-numeric values listed for a type mismatch. */
  static final int VALUES_LISTED = 5;

  private SchemaCheck() {}

  /** Strict: every value outside a domain or range is an anomaly ({@code minShare} 0). */
  public static List<Anomaly> check(String split, Statistics data, DataSchema schema) {
    return check(split, data, schema, 0);
  }

  /**
   * The anomalies of split {@code split} (whose statistics are {@code data}) against {@code schema}.
   *
   * @param minShare share of a feature's values that may lie outside its domain or range without an
   *     anomaly, in [0, 1)
   */
  public static List<Anomaly> check(String split, Statistics data, DataSchema schema, double minShare) {
    List<Anomaly> out = new ArrayList<>();
    String where = StatisticsDocument.label(split);
    for (FeatureSchema expected : schema.features()) {
      FeatureStatistics f = data.feature(expected.name()).orElse(null);
      if (f == null) {
        out.add(Anomaly.counted(split, expected.name(), AnomalyKind.MISSING_FEATURE,
            "column '" + expected.name() + "' (" + expected.type() + ") of the schema is not in the data of split "
                + where + " (" + data.rows() + " rows)", data.rows()));
        continue;
      }
      if (expected.required() && f.missing() > 0) {
        out.add(Anomaly.counted(split, f.name(), AnomalyKind.MISSING_VALUES,
            f.missing() + " of " + data.rows() + " rows have no value, but the schema requires one", f.missing()));
      }
      if (f.count() > 0 && !FeatureTypes.fits(f.type(), expected.type())) {
        out.add(typeMismatch(split, f, expected));
        continue; // domain and range do not apply to values of another type
      }
      if (expected.domain() != null && f.strings() != null) {
        checkDomain(split, f, expected, minShare, out);
      }
      if (expected.range() != null && f.numbers() != null && f.numbers().min() != null) {
        checkRange(split, f, expected.range(), minShare, out);
      }
    }
    for (FeatureStatistics f : data.features()) {
      if (schema.feature(f.name()).isEmpty()) {
        out.add(Anomaly.counted(split, f.name(), AnomalyKind.UNEXPECTED_FEATURE,
            "column '" + f.name() + "' (" + f.type() + ", " + f.count() + " rows with a value) is not in the schema",
            f.count()));
      }
    }
    return out;
  }

  private static Anomaly typeMismatch(String split, FeatureStatistics f, FeatureSchema expected) {
    List<ValueCount> odd = null;
    String seen = "";
    if (expected.kind() == FeatureKind.NUMERIC && f.strings() != null) {
      odd = f.strings().top().stream().filter(vc -> !isNumber(vc.value())).limit(VALUES_LISTED).toList();
      if (!odd.isEmpty()) {
        seen = "; values that are not numbers: " + describe(odd);
      }
    }
    String description = "expected " + expected.type() + ", the data is " + f.type() + " (" + f.count()
        + " rows with a value)" + seen;
    return new Anomaly(split, f.name(), AnomalyKind.TYPE_MISMATCH, description, f.count(), null,
        odd == null || odd.isEmpty() ? null : odd, null, null);
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /** Whether {@code count} of {@code values} is more than the share tolerated. */
  private static boolean beyondShare(long count, long values, double minShare) {
    return count > minShare * values;
  }

  private static void checkDomain(String split, FeatureStatistics f, FeatureSchema expected, double minShare,
      List<Anomaly> out) {
    StringStatistics s = f.strings();
    List<String> domain = expected.domain();
    List<ValueCount> outside = s.top().stream().filter(vc -> !domain.contains(vc.value())).toList();
    boolean seesAll = s.distinctExact() && s.topCountErrorBound() == 0 && s.top().size() == s.distinct();
    String partial = "; the top " + s.top().size() + " values do not show all "
        + (s.distinctExact() ? "" : "~") + s.distinct() + " distinct values, so there may be more";
    if (!outside.isEmpty()) {
      long listed = outside.stream().mapToLong(ValueCount::count).sum();
      if (!beyondShare(listed, f.count(), minShare) && seesAll) {
        return; // a rare value, within the share tolerated
      }
      boolean lowerBound = !seesAll || s.topCountErrorBound() > 0;
      String description = (lowerBound ? "at least " : "") + listed + " of " + f.count()
          + " values are outside the domain of " + domain.size() + ": " + describe(outside) + (seesAll ? "" : partial);
      out.add(new Anomaly(split, f.name(), AnomalyKind.OUT_OF_DOMAIN, description, listed, null, outside, null, null));
      return;
    }
    if (seesAll) {
      return;
    }
    // Every listed value is allowed, but the list is partial: can the distinct count prove more values?
    if (s.distinctExact() && s.distinct() > domain.size()) {
      long extra = s.distinct() - domain.size(); // at least one row each
      if (!beyondShare(extra, f.count(), minShare)) {
        return;
      }
      out.add(Anomaly.counted(split, f.name(), AnomalyKind.OUT_OF_DOMAIN, "at least " + extra
          + " distinct values are outside the domain of " + domain.size() + " (there are " + s.distinct()
          + " distinct values; the top " + s.top().size() + " are all in the domain)", extra));
    } else if (!s.distinctExact() && s.distinct() > clearlyAbove(domain.size(), s.distinctRelativeError())) {
      out.add(new Anomaly(split, f.name(), AnomalyKind.OUT_OF_DOMAIN, "about " + s.distinct()
          + " distinct values (estimated) for a domain of " + domain.size() + "; the top " + s.top().size()
          + " values are all in the domain, the others cannot be listed", null, null, null,
          (double) s.distinct(), (double) domain.size()));
    }
  }

  /**
   * A distinct-count estimate above this cannot come from {@code size} values, short of a 4-sigma
   * error of the HyperLogLog (relative standard error {@code rse}).
   */
  private static double clearlyAbove(int size, double rse) {
    return size * (1 + 4 * rse) + 1;
  }

  private static void checkRange(String split, FeatureStatistics f, FeatureSchema.ValueRange range, double minShare,
      List<Anomaly> out) {
    NumericStatistics n = f.numbers();
    long values = f.count() - n.nan();
    if (range.min() != null && n.min() < range.min()) {
      RangeCounts.Interval c = RangeCounts.below(n, values, range.min());
      if (beyondShare(c.least(), values, minShare)) {
        out.add(new Anomaly(split, f.name(), AnomalyKind.OUT_OF_RANGE, "min " + Figures.format(n.min())
          + " < allowed " + Figures.format(range.min()) + "; " + rows(c, values) + " below it",
            c.least(), c.exact() ? null : c.most(), null, n.min(), range.min()));
      }
    }
    if (range.max() != null && n.max() > range.max()) {
      RangeCounts.Interval c = RangeCounts.above(n, values, range.max());
      if (beyondShare(c.least(), values, minShare)) {
        out.add(new Anomaly(split, f.name(), AnomalyKind.OUT_OF_RANGE, "max " + Figures.format(n.max())
          + " > allowed " + Figures.format(range.max()) + "; " + rows(c, values) + " above it",
            c.least(), c.exact() ? null : c.most(), null, n.max(), range.max()));
      }
    }
  }

  private static String rows(RangeCounts.Interval c, long values) {
    String of = " of " + values + " values";
    return c.exact() ? c.least() + of : "between " + c.least() + " and " + c.most() + of + " (bounds from the sketched statistics)";
  }

  /** {@code 'Bitcoin' (3), 'Barter' (1)}. */
  static String describe(List<ValueCount> values) {
    List<String> parts = new ArrayList<>();
    for (ValueCount vc : values) {
      parts.add("'" + vc.value() + "' (" + vc.count() + ")");
    }
    return String.join(", ", parts);
  }
}
