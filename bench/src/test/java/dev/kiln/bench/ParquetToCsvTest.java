package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetToCsvTest {
  @TempDir Path dir;

  /** A real Parquet file, written by DuckDB, with the flights columns, a null and a value that needs quoting. */
  private Path parquet() throws Exception {
    Path file = dir.resolve("it's flights.parquet");
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      st.execute("COPY (SELECT * FROM (VALUES"
          + " (TIMESTAMP '2001-01-01 00:01:00', 33::BIGINT, 2176::BIGINT, 'LAS', 'PHL'),"
          + " (TIMESTAMP '2001-01-02 13:45:00', NULL, 215::BIGINT, 'A,B', 'SAV')"
          + ") t(date, delay, distance, origin, destination)) TO " + ParquetToCsv.literal(file.toString()) + " (FORMAT PARQUET)");
    }
    return file;
  }

  @Test
  void writesEveryRowWithAHeaderNullsEmptyAndCommasQuoted() throws Exception {
    Path csv = dir.resolve("out/flights.csv");
    ParquetToCsv.Conversion c = ParquetToCsv.convert(parquet(), csv);
    assertEquals(2, c.rows());
    assertFalse(c.reused());
    assertEquals(List.of("date TIMESTAMP", "delay BIGINT", "distance BIGINT", "origin VARCHAR", "destination VARCHAR"), c.columns());
    assertEquals(List.of("date,delay,distance,origin,destination",
        "2001-01-01 00:01:00,33,2176,LAS,PHL",
        "2001-01-02 13:45:00,,215,\"A,B\",SAV"), Files.readAllLines(csv));
    assertFalse(Files.exists(dir.resolve("out/flights.csv.tmp")), "the temporary file is renamed into place");
  }

  @Test
  void aCsvNewerThanTheParquetFileIsReusedAndAnOlderOneRewritten() throws Exception {
    Path in = parquet();
    Path csv = dir.resolve("flights.csv");
    ParquetToCsv.convert(in, csv);
    Files.writeString(csv, "kept\n");
    assertTrue(ParquetToCsv.convert(in, csv).reused());
    assertEquals("kept\n", Files.readString(csv));
    Files.setLastModifiedTime(csv, FileTime.fromMillis(Files.getLastModifiedTime(in).toMillis() - 60_000));
    assertFalse(ParquetToCsv.convert(in, csv).reused());
    assertEquals(3, Files.readAllLines(csv).size());
  }

  @Test
  void aMissingOrBrokenParquetFileIsAnErrorNamingIt() throws Exception {
    Path missing = dir.resolve("none.parquet");
    BenchException e = assertThrows(BenchException.class, () -> ParquetToCsv.convert(missing, dir.resolve("x.csv")));
    assertEquals("no Parquet file " + missing, e.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.parquet"), "not parquet");
    e = assertThrows(BenchException.class, () -> ParquetToCsv.convert(broken, dir.resolve("x.csv")));
    assertTrue(e.getMessage().startsWith("cannot convert " + broken + " to CSV: "), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.csv")));
  }
}
