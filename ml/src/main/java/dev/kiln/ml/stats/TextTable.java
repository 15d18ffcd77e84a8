package dev.kiln.ml.stats;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminal reports: a header row, a rule, then rows, each column padded to its
 * widest cell; columns marked numeric are right-aligned.
 */
public final class TextTable {
  private final List<String> headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  private TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
    this.right = new boolean[headers.size()];
  }

  /** A table with these column headers. */
  public static TextTable of(String... headers) {
    return new TextTable(Arrays.asList(headers));
  }

  /** Right-aligns the given columns (by index). */
  public TextTable alignRight(int... columns) {
    for (int c : columns) {
      right[c] = true;
    }
    return this;
  }

  /** Adds a row; missing trailing cells are blank, null cells too. */
  public TextTable add(String... cells) {
    if (cells.length > headers.size()) {
      throw new IllegalArgumentException("a row has " + cells.length + " cells, the table " + headers.size() + " columns");
    }
    String[] row = new String[headers.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = i < cells.length && cells[i] != null ? cells[i] : "";
    }
    rows.add(row);
    return this;
  }

  /** The table as lines ending in a newline each, trailing blanks removed. */
  public String render() {
    int[] width = new int[headers.size()];
    for (int i = 0; i < width.length; i++) {
      width[i] = headers.get(i).length();
    }
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, headers.toArray(String[]::new), width);
    String[] rule = new String[width.length];
    for (int i = 0; i < width.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    line(sb, rule, width);
    for (String[] row : rows) {
      line(sb, row, width);
    }
    return sb.toString();
  }

  private void line(StringBuilder sb, String[] cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        line.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      line.append(right[i] ? pad + cells[i] : cells[i] + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  /**
   * A number for a report: integers as they are, others to 6 significant digits in plain notation
   * (scientific only when very large or small); null as blank.
   */
  public static String number(Double value) {
    if (value == null) {
      return "";
    }
    double x = value;
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.toString(x);
    }
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    double abs = Math.abs(x);
    if (abs >= 1e-4 && abs < 1e15) {
      return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
    return String.format(java.util.Locale.ROOT, "%.5e", x);
  }
}
