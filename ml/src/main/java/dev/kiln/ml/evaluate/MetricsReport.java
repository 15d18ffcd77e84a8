package dev.kiln.ml.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Renders a Metrics document as text for {@code kiln show}: the overall metrics, the reliability table
 * of a binary model, then one table per slice feature, its values in numeric order when they are all
 * numbers (trip_start_hour 0, 1, ..., 23) and in text order otherwise, a missing value last.
 */
public final class MetricsReport {
  private static final List<String> BINARY = List.of("examples", "positives", "auc", "logLoss", "accuracy", "precision", "recall", "calibration");
  private static final List<String> MULTICLASS = List.of("examples", "accuracy", "logLoss", "macroPrecision", "macroRecall");
  private static final List<String> REGRESSION = List.of("examples", "rmse", "mae", "r2", "meanPrediction", "meanLabel");

  private MetricsReport() {}

  /** The text of a Metrics document. */
  public static String render(String metricsJson) {
    ObjectNode doc = MetricsDocument.parse(metricsJson);
    StringBuilder out = new StringBuilder();
    String task = doc.path("task").asText(null);
    out.append("Metrics: ").append(task == null ? "no labeled examples" : task + " model").append(", ")
        .append(doc.path("examples").asLong()).append(" examples");
    if (doc.path("unlabeled").asLong() > 0) {
      out.append(" (").append(doc.path("unlabeled").asLong()).append(" unlabeled, left out)");
    }
    if ("binary".equals(task)) {
      out.append(", threshold ").append(doc.path("threshold").asDouble());
    }
    out.append('\n');
    if (task == null) {
      return out.toString();
    }
    List<String> columns = switch (task) {
      case "binary" -> BINARY;
      case "multiclass" -> MULTICLASS;
      default -> REGRESSION;
    };
    JsonNode overall = doc.path("overall");
    out.append("overall:");
    for (String c : columns) {
      if (!c.equals("examples") && !c.equals("positives")) {
        out.append("  ").append(c).append(' ').append(num(overall.get(c)));
      }
    }
    if (overall.has("aucErrorBound")) {
      out.append("  (auc within ").append(String.format(Locale.ROOT, "%.1e", overall.get("aucErrorBound").asDouble()))
          .append(" of exact)");
    }
    out.append('\n');
    if (overall.has("reliability")) {
      out.append("\nreliability (predicted vs observed):\n");
      Table t = new Table(List.of("bin", "count", "predicted", "observed"));
      JsonNode bins = overall.get("reliability");
      for (int i = 0; i < bins.size(); i++) {
        JsonNode bin = bins.get(i);
        String range = String.format(Locale.ROOT, "[%.2f, %.2f%s", bin.get("lower").asDouble(), bin.get("upper").asDouble(),
            i == bins.size() - 1 ? "]" : ")");
        t.add(List.of(range, num(bin.get("count")),
            num(bin.get("meanPrediction")), num(bin.get("observedRate"))));
      }
      t.appendTo(out);
    }
    Iterator<String> features = doc.path("slices").fieldNames();
    while (features.hasNext()) {
      String feature = features.next();
      JsonNode values = doc.get("slices").get(feature);
      out.append("\nby ").append(feature).append(":\n");
      List<String> header = new ArrayList<>();
      header.add(feature);
      header.addAll(columns);
      Table t = new Table(header);
      for (String value : sortedValues(values)) {
        JsonNode m = values.get(value);
        List<String> row = new ArrayList<>();
        row.add(value);
        for (String c : columns) {
          row.add(m.path("belowMinSliceSize").asBoolean() && !c.equals("examples") ? "(few)" : num(m.get(c)));
        }
        t.add(row);
      }
      t.appendTo(out);
    }
    return out.toString();
  }

  /** Slice values in numeric order if every one is a number, else in text order; missing last. */
  static List<String> sortedValues(JsonNode values) {
    List<String> names = new ArrayList<>();
    values.fieldNames().forEachRemaining(names::add);
    boolean numeric = names.stream().filter(v -> !v.equals(SliceKey.MISSING)).allMatch(MetricsReport::isNumber);
    Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
    names.sort((a, b) -> {
      boolean ma = a.equals(SliceKey.MISSING);
      boolean mb = b.equals(SliceKey.MISSING);
      return ma || mb ? Boolean.compare(ma, mb) : order.compare(a, b);
    });
    return names;
  }

  private static boolean isNumber(String s) {
    try {
      Double.parseDouble(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String num(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "-";
    }
    if (n.isIntegralNumber()) {
      return n.asText();
    }
    if (n.isNumber()) {
      return String.format(Locale.ROOT, "%.4f", n.asDouble());
    }
    return n.asText();
  }

  /** A left-aligned first column and right-aligned numbers. */
  private static final class Table {
    private final List<List<String>> rows = new ArrayList<>();

    Table(List<String> header) {
      rows.add(header);
    }

    void add(List<String> row) {
      rows.add(row);
    }

    void appendTo(StringBuilder out) {
      int[] widths = new int[rows.get(0).size()];
      for (List<String> r : rows) {
        for (int i = 0; i < r.size(); i++) {
          widths[i] = Math.max(widths[i], r.get(i).length());
        }
      }
      for (List<String> r : rows) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < r.size(); i++) {
          String cell = r.get(i);
          String pad = " ".repeat(widths[i] - cell.length());
          line.append(i == 0 ? cell + pad : "  " + pad + cell);
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
    }
  }
}
