package dev.kiln.core.steps;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * One expression of the {@code derive} step. The language is tiny on purpose, two forms:
 *
 * <ul>
 *   <li>a comparison of a column with a constant: {@code delay > 15}, {@code payment == 'Cash'},
 *       {@code paid != true}; operators {@code > >= < <= == !=} (ordering only for numbers); the
 *       value is a BOOLEAN;
 *   <li>a part of a timestamp column (UTC): {@code hour(date)} 0–23, {@code weekday(date)} 1 (Monday)
 *       – 7 (Sunday), {@code day(date)} 1–31, {@code month(date)} 1–12, {@code year(date)}; the
 *       value is an INT64.
 * </ul>
 *
 * A missing input value gives a missing result. {@link #parse} checks the syntax (when the pipeline
 * is resolved); {@link #bind} checks the column and its type against the input schema (when the
 * step is built, before any job).
 */
final class DeriveExpression implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern PART = Pattern.compile("\\s*(" + NAME + ")\\s*\\(\\s*(" + NAME + ")\\s*\\)\\s*");
  private static final Pattern COMPARISON =
      Pattern.compile("\\s*(" + NAME + ")\\s*(>=|<=|==|!=|>|<)\\s*(.+?)\\s*");
  private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

  /** What a timestamp part function extracts. */
  enum Part { HOUR, WEEKDAY, DAY, MONTH, YEAR }

  private final String text;
  private final String column;
  private final Part part;            // a part expression, or null
  private final String operator;      // a comparison, or null
  private final Object constant;      // Double, String or Boolean
  private int index = -1;
  private Schema.TypeName columnType;

  private DeriveExpression(String text, String column, Part part, String operator, Object constant) {
    this.text = text;
    this.column = column;
    this.part = part;
    this.operator = operator;
    this.constant = constant;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong and which forms exist
   */
  static DeriveExpression parse(String text) {
    Objects.requireNonNull(text, "expression");
    Matcher m = PART.matcher(text);
    if (m.matches()) {
      String function = m.group(1);
      for (Part p : Part.values()) {
        if (p.name().toLowerCase(Locale.ROOT).equals(function)) {
          return new DeriveExpression(text, m.group(2), p, null, null);
        }
      }
      throw new IllegalArgumentException("unknown function '" + function + "' in \"" + text
          + "\"; known are hour, weekday, day, month, year (of a timestamp column)");
    }
    m = COMPARISON.matcher(text);
    if (m.matches()) {
      String literal = m.group(3);
      Object constant;
      if (NUMBER.matcher(literal).matches()) {
        constant = Double.parseDouble(literal);
      } else if (literal.equals("true") || literal.equals("false")) {
        constant = Boolean.parseBoolean(literal);
      } else if (literal.length() >= 2 && literal.startsWith("'") && literal.endsWith("'")) {
        constant = literal.substring(1, literal.length() - 1);
      } else {
        throw new IllegalArgumentException("\"" + literal + "\" in \"" + text + "\" is not a constant; write a number, "
            + "true, false or a 'quoted string'");
      }
      String op = m.group(2);
      if (!(constant instanceof Double) && !op.equals("==") && !op.equals("!=")) {
        throw new IllegalArgumentException("\"" + text + "\": " + op + " compares numbers only; use == or !=");
      }
      return new DeriveExpression(text, m.group(1), null, op, constant);
    }
    throw new IllegalArgumentException("cannot read \"" + text + "\"; write a comparison such as \"delay > 15\" or a "
        + "timestamp part such as \"hour(date)\"");
  }

  /** The column the expression reads. */
  String column() {
    return column;
  }

  /** The type of the value: BOOLEAN for a comparison, INT64 for a timestamp part (nullable either way). */
  Schema.FieldType resultType() {
    return (part != null ? Schema.FieldType.INT64 : Schema.FieldType.BOOLEAN).withNullable(true);
  }

  /**
   * A copy that reads its column from rows of {@code input}.
   *
   * @throws IllegalArgumentException when the column is missing or has a type the expression cannot use
   */
  DeriveExpression bind(Schema input) {
    if (!input.hasField(column)) {
      throw new IllegalArgumentException("\"" + text + "\": no column '" + column + "'; the columns are "
          + input.getFieldNames());
    }
    Schema.TypeName type = input.getField(column).getType().getTypeName();
    boolean ok;
    if (part != null) {
      ok = type == Schema.TypeName.DATETIME;
    } else if (constant instanceof Double) {
      ok = type.isNumericType();
    } else if (constant instanceof Boolean) {
      ok = type == Schema.TypeName.BOOLEAN;
    } else {
      ok = type == Schema.TypeName.STRING;
    }
    if (!ok) {
      String wants = part != null ? "a timestamp (declare it in the csv schema as timestamp)"
          : constant instanceof Double ? "a number" : constant instanceof Boolean ? "a boolean" : "a string";
      throw new IllegalArgumentException("\"" + text + "\": column '" + column + "' is " + type + ", not " + wants);
    }
    DeriveExpression bound = new DeriveExpression(text, column, part, operator, constant);
    bound.index = input.indexOf(column);
    bound.columnType = type;
    return bound;
  }

  /** The expression's value for {@code row} (of the bound schema), or null when its input is missing. */
  Object evaluate(Row row) {
    Object v = row.getValue(index);
    if (v == null) {
      return null;
    }
    if (part != null) {
      return part(((ReadableInstant) v).getMillis());
    }
    int c;
    if (constant instanceof Double) {
      double d = (Double) constant;
      c = v instanceof Long && d == Math.rint(d) && Math.abs(d) < 9.0e18
          ? Long.compare((Long) v, (long) d)
          : Double.compare(((Number) v).doubleValue(), d);
      if (v instanceof Double && ((Double) v).isNaN()) {
        return operator.equals("!=");
      }
    } else {
      c = v.equals(constant) ? 0 : 1;
    }
    switch (operator) {
      case ">": return c > 0;
      case ">=": return c >= 0;
      case "<": return c < 0;
      case "<=": return c <= 0;
      case "==": return c == 0;
      default: return c != 0;
    }
  }

  private Long part(long millis) {
    switch (part) {
      case HOUR:
        return Math.floorDiv(Math.floorMod(millis, 86_400_000L), 3_600_000L);
      case WEEKDAY: // 1970-01-01 was a Thursday (ISO day 4)
        return Math.floorMod(Math.floorDiv(millis, 86_400_000L) + 3, 7L) + 1;
      default:
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC);
        return (long) (part == Part.DAY ? t.getDayOfMonth() : part == Part.MONTH ? t.getMonthValue() : t.getYear());
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
