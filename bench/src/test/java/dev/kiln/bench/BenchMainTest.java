package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchMainTest {
  @Test
  void anUnknownBenchmarkIsAUsageError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchMain.run(new String[] {"fast", "--rounds", "1"}));
    assertEquals("unknown benchmark 'fast': cached, overhead, plan, flights, peers, taxi-demo or scale", e.getMessage());
  }

  @Test
  void aNonNumericRoundCountNamesTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchMain.run(new String[] {"plan", "--rounds", "many"}));
    assertEquals("option --rounds: expected a positive whole number, got 'many'", e.getMessage());
  }

  @Test
  void anOptionWithoutValueIsAnError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchMain.run(new String[] {"plan", "--runs"}));
    assertEquals("option --runs needs a value", e.getMessage());
  }

  @Test
  void aMissingCdsArchiveIsAnErrorNamingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchMain.run(new String[] {"cached", "--cds", "/nonexistent/kiln.jsa"}));
    assertEquals("option --cds: no archive /nonexistent/kiln.jsa (scripts/kiln makes cli/target/kiln.jsa)", e.getMessage());
  }

  @Test
  void thePeersBenchmarkNeedsItsPipelineAndTheSparkSide() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BenchMain.run(new String[] {"peers", "--spark-input", "x.parquet", "--repo", ".."}));
    assertEquals("option --pipeline is required for this benchmark (scripts/bench/peers.sh passes it)", e.getMessage());
    IllegalArgumentException runner = assertThrows(IllegalArgumentException.class,
        () -> BenchMain.run(new String[] {"peers", "--limit-minutes", "0", "--repo", ".."}));
    assertEquals("option --limit-minutes: expected a positive whole number, got '0'", runner.getMessage());
  }
}
