package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvLineTest {
  @Test
  void splitsOnTheDelimiterKeepingEmptyFields() {
    assertEquals(List.of("10", "5.85", "", "", "Cash"), CsvLine.split("10,5.85,,,Cash", ','));
  }

  @Test
  void aQuotedFieldMayHoldDelimitersAndDoubledQuotes() {
    assertEquals(List.of("a", "Blue, \"Ribbon\" Taxi", "b"), CsvLine.split("a,\"Blue, \"\"Ribbon\"\" Taxi\",b", ','));
  }

  @Test
  void anUnclosedQuoteIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> CsvLine.split("a,\"b,c", ','));
  }
}
