package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.values.Row;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class DeriveExpressionTest {
  private static final Schema FLIGHTS = Schema.builder()
      .addNullableField("date", Schema.FieldType.DATETIME)
      .addNullableField("delay", Schema.FieldType.INT64)
      .addNullableField("ratio", Schema.FieldType.DOUBLE)
      .addNullableField("origin", Schema.FieldType.STRING)
      .addNullableField("paid", Schema.FieldType.BOOLEAN)
      .build();
  // 2001-01-31 13:45:07 UTC, a Wednesday
  private static final Row ROW = Row.withSchema(FLIGHTS)
      .addValues(new Instant(980948707000L), 16L, 0.5, "LAS", true).build();
  private static final Row EMPTY = Row.withSchema(FLIGHTS).addValues(null, null, null, null, null).build();

  private static Object eval(String expression, Row row) {
    return DeriveExpression.parse(expression).bind(FLIGHTS).evaluate(row);
  }

  @Test
  void comparesAColumnWithAConstant() {
    assertEquals(true, eval("delay > 15", ROW));
    assertEquals(false, eval("delay>16", ROW));
    assertEquals(true, eval("delay >= 16", ROW));
    assertEquals(true, eval("delay <= 16.0", ROW));
    assertEquals(false, eval("delay < -3", ROW));
    assertEquals(true, eval("ratio == 0.5", ROW));
    assertEquals(true, eval("origin == 'LAS'", ROW));
    assertEquals(true, eval("origin != 'SFO'", ROW));
    assertEquals(false, eval("paid == false", ROW));
    assertNull(eval("delay > 15", EMPTY), "a missing input gives a missing result");
  }

  @Test
  void takesPartsOfATimestampInUtc() {
    assertEquals(13L, eval("hour(date)", ROW));
    assertEquals(3L, eval("weekday(date)", ROW));
    assertEquals(31L, eval("day(date)", ROW));
    assertEquals(1L, eval("month(date)", ROW));
    assertEquals(2001L, eval("year(date)", ROW));
    assertEquals(7L, eval("weekday(date)", Row.withSchema(FLIGHTS)
        .addValues(new Instant(-86_400_000L * 4), null, null, null, null).build()), "1969-12-28 was a Sunday");
    assertEquals(23L, eval("hour(date)", Row.withSchema(FLIGHTS)
        .addValues(new Instant(-1L), null, null, null, null).build()));
    assertNull(eval("hour(date)", EMPTY));
  }

  @Test
  void saysWhatIsWrongWithTheText() {
    assertEquals("cannot read \"delay >\"; write a comparison such as \"delay > 15\" or a timestamp part such as "
        + "\"hour(date)\"", assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("delay >")).getMessage());
    assertEquals("unknown function 'minute' in \"minute(date)\"; known are hour, weekday, day, month, year (of a "
        + "timestamp column)", assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("minute(date)")).getMessage());
    assertEquals("\"fifteen\" in \"delay > fifteen\" is not a constant; write a number, true, false or a 'quoted string'",
        assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("delay > fifteen")).getMessage());
    assertEquals("\"origin > 'A'\": > compares numbers only; use == or !=",
        assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("origin > 'A'")).getMessage());
  }

  @Test
  void checksTheColumnAndItsTypeAgainstTheInput() {
    assertEquals("\"hour(delay)\": column 'delay' is INT64, not a timestamp (declare it in the csv schema as timestamp)",
        assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("hour(delay)").bind(FLIGHTS)).getMessage());
    assertEquals("\"origin > 3\": column 'origin' is STRING, not a number",
        assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("origin > 3").bind(FLIGHTS)).getMessage());
    assertEquals("\"late > 3\": no column 'late'; the columns are [date, delay, ratio, origin, paid]",
        assertThrows(IllegalArgumentException.class, () -> DeriveExpression.parse("late > 3").bind(FLIGHTS)).getMessage());
  }
}
