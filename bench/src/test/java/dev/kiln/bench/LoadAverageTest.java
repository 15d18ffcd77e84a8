package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LoadAverageTest {
  @Test
  void parsesTheThreeAveragesOfAProcLoadavgLine() {
    LoadAverage l = LoadAverage.parse("4.78 8.24 6.55 3/412 28443\n");
    assertEquals(new LoadAverage(4.78, 8.24, 6.55), l);
    assertEquals("4.78 8.24 6.55", l.toString());
  }

  @Test
  void aLineWithTooFewFieldsIsRejectedWithTheLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoadAverage.parse("0.5 0.4"));
    assertTrue(e.getMessage().contains("'0.5 0.4'"), e.getMessage());
  }
}
