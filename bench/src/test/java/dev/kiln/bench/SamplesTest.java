package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplesTest {
  @Test
  void medianOfAnOddCountIsTheMiddleValue() {
    Samples s = new Samples("x").add(30).add(10).add(20);
    assertEquals(20, s.median());
    assertEquals(10, s.min());
    assertEquals(30, s.max());
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    assertEquals(25, new Samples("x").add(40).add(10).add(20).add(30).median());
  }

  @Test
  void summaryShowsMedianSpreadAndCount() {
    assertEquals("median 20 ms (10–30, n=3)", new Samples("x").add(10).add(20).add(30).summary());
  }

  @Test
  void noSamplesIsAnErrorNamingTheQuantity() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Samples("kiln plan").median());
    assertTrue(e.getMessage().contains("kiln plan"), e.getMessage());
  }
}
