package dev.kiln.core.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvValueParserTest {
  private final CsvValueParser parser = new CsvValueParser();

  @Test
  void parsesLongsIncludingTheExtremes() {
    assertLong(0, "0");
    assertLong(42, "+42");
    assertLong(-7, "-7");
    assertLong(1382319000L, " 1382319000 ");
    assertLong(Long.MAX_VALUE, "9223372036854775807");
    assertLong(Long.MIN_VALUE, "-9223372036854775808");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-", "+", "1.0", "1e3", "12a", "a12", "1 2", "9223372036854775808",
      "-9223372036854775809", "99999999999999999999"})
  void rejectsWhatIsNotALong(String text) {
    assertFalse(parser.parseLong(text), text);
  }

  @Test
  void parsesDoublesExactlyAsTheJdkDoes() {
    for (String s : new String[] {"5.85", "-87.72155906299999", "41.985015101", "17031832200.0", "0.0", "-0.0",
        ".5", "3.", "1e-3", "1E+22", "2.5e-300", "123456789012345678901234567890", "0.1", "4.35", "1e23",
        "9007199254740993", "0.000000000000000000000000001"}) {
      assertTrue(parser.parseDouble(s), s);
      assertEquals(Double.doubleToLongBits(Double.parseDouble(s)), Double.doubleToLongBits(parser.doubleValue()), s);
    }
  }

  @Test
  void parsesRandomDecimalsExactlyAsTheJdkDoes() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      String s = randomDecimal(random);
      assertTrue(parser.parseDouble(s), s);
      assertEquals(Double.parseDouble(s), parser.doubleValue(), 0.0, s);
    }
  }

  @Test
  void parsesNanAndInfinity() {
    assertTrue(parser.parseDouble("NaN"));
    assertTrue(Double.isNaN(parser.doubleValue()));
    assertTrue(parser.parseDouble("-inf"));
    assertEquals(Double.NEGATIVE_INFINITY, parser.doubleValue());
    assertTrue(parser.parseDouble("Infinity"));
    assertEquals(Double.POSITIVE_INFINITY, parser.doubleValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ".", "-", "e5", "1e", "1e+", "1.2.3", "abc", "1d", "1.5f", "0x1p3", "1,5",
      "NaNa", "infinit", "--1"})
  void rejectsWhatIsNotADouble(String text) {
    assertFalse(parser.parseDouble(text), text);
  }

  @Test
  void parsesBooleansIgnoringCase() {
    assertTrue(parser.parseBoolean("true") && parser.booleanValue());
    assertTrue(parser.parseBoolean(" FALSE ") && !parser.booleanValue());
    assertTrue(parser.parseBoolean("True") && parser.booleanValue());
    assertFalse(parser.parseBoolean("1"));
    assertFalse(parser.parseBoolean("yes"));
    assertFalse(parser.parseBoolean("truex"));
  }

  @Test
  void parsesTimestampsAsUtcUnlessAnOffsetIsGiven() {
    assertTimestamp("2001-01-31T00:00:00Z", "2001-01-31");
    assertTimestamp("2001-01-31T13:45:00Z", "2001-01-31 13:45");
    assertTimestamp("2001-01-31T13:45:07.250Z", " 2001-01-31T13:45:07.25 ");
    assertTimestamp("2001-01-31T13:45:07.123Z", "2001-01-31 13:45:07.123000");
    assertTimestamp("2001-01-31T12:45:07Z", "2001-01-31T13:45:07+01:00");
    assertTimestamp("2001-01-31T18:15:07Z", "2001-01-31T13:45:07-0430");
    assertTimestamp("2001-01-31T13:45:07Z", "2001-01-31T13:45:07Z");
    assertTimestamp("1969-12-31T23:59:59Z", "1969-12-31 23:59:59");
    assertTimestamp("2000-02-29T00:00:00Z", "2000-02-29");
    for (String bad : new String[] {"2001-02-29", "2001-13-01", "2001-01-32", "2001-01-31 24:00", "2001-01-31 13:60",
        "2001-01-31 13:45:07.1234", "2001-01-31X13:45", "2001/01/31", "20010131", "2001-01-31 13:45:07 UTC",
        "2001-01-31T13:45:07+25:00", "", "yesterday"}) {
      assertFalse(parser.parseTimestamp(bad), bad);
    }
  }

  private void assertTimestamp(String expectedIso, String text) {
    assertTrue(parser.parseTimestamp(text), text);
    assertEquals(java.time.Instant.parse(expectedIso).toEpochMilli(), parser.timestampValue().getMillis(), text);
  }

  private void assertLong(long expected, String text) {
    assertTrue(parser.parseLong(text), text);
    assertEquals(expected, parser.longValue(), text);
  }

  private static String randomDecimal(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return Long.toString(random.nextLong() % 100_000_000_000L) + "." + Math.abs(random.nextInt(1_000_000));
      case 1:
        return Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
      case 2:
        return String.format(Locale.ROOT, "%." + random.nextInt(12) + "f", (random.nextDouble() - 0.5) * 1000);
      default:
        return random.nextInt(100_000) + "e" + (random.nextInt(60) - 30);
    }
  }
}
