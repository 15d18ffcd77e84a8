package dev.kiln.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line and output of the Spark peer, without starting Spark. */
class SparkFlightsTest {
  @TempDir Path dir;

  @Test
  void parsesTheOptionsWithTheBenchmarksDefaults() throws Exception {
    Path csv = Files.writeString(dir.resolve("f.csv"), "date,delay,distance,origin,destination\n");
    SparkFlights.Options o = SparkFlights.Options.parse("--input", csv.toString());
    assertEquals("local[2]", o.master());
    assertEquals(20, o.settings().iterations());
    assertEquals(0.8, o.settings().trainShare());
    SparkFlights.Options other = SparkFlights.Options.parse("--input", csv.toString(), "--master", "local[1]", "--iterations", "5", "--seed", "7");
    assertEquals("local[1]", other.master());
    assertEquals(5, other.settings().iterations());
    assertEquals(7, other.settings().seed());
  }

  @Test
  void aMissingOrUnknownInputIsAOneLineErrorNamingIt() throws Exception {
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> SparkFlights.Options.parse());
    assertTrue(none.getMessage().contains("--input is required"), none.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> SparkFlights.Options.parse("--input", dir.resolve("nope.parquet").toString()));
    assertTrue(missing.getMessage().contains("nope.parquet: no such file"), missing.getMessage());
    Path json = Files.writeString(dir.resolve("f.json"), "{}");
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
        () -> SparkFlights.Options.parse("--input", json.toString()));
    assertTrue(format.getMessage().contains("expected a .parquet or .csv file"), format.getMessage());
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> SparkFlights.Options.parse("--input", json.toString(), "--iterations", "many"));
    assertTrue(option.getMessage().contains("--iterations: expected a whole number, got 'many'"), option.getMessage());
  }

  @Test
  void tellsTheFormatByTheFileName() {
    assertEquals(FlightsJob.Format.PARQUET, FlightsJob.Format.of(Path.of("a/flights-3m.PARQUET")));
    assertEquals(FlightsJob.Format.CSV, FlightsJob.Format.of(Path.of("flights-3m.csv")));
  }

  @Test
  void printsAPhaseLineAndTheResultLinesTheBenchmarkReads() {
    assertEquals("spark-flights: phase features + split 1.500 s", SparkFlights.phaseLine("features + split", 1.5));
    FlightsJob.Result r = new FlightsJob.Result(100, 80, 20, 12, 20, 0.654321, Map.of());
    String[] lines = SparkFlights.resultLines(r, 9.75).split("\\R");
    assertEquals("spark-flights: total 9.750 s", lines[0]);
    assertEquals("spark-flights: rows 100 train 80 eval 20 features 12 iterations 20 auc 0.654321", lines[1]);
  }
}
