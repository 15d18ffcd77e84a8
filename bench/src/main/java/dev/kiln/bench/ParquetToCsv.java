package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a Parquet file to CSV (header row, comma-separated, empty field for null) with DuckDB's
 * JDBC driver, in this process, once: the preparation step of the flights benchmark, outside the
 * timed part. Kiln has no Parquet reader; the benchmark times Kiln's {@code csv} step on the result.
 *
 * <pre>
 * java -cp kiln-bench.jar:duckdb_jdbc.jar dev.kiln.bench.ParquetToCsv IN.parquet OUT.csv
 * </pre>
 *
 * DuckDB is a dependency of the bench module only: it is on the class path of this converter, never
 * on that of the benchmarked commands, and not in the CLI's shaded jar.
 */
public final class ParquetToCsv {
  private ParquetToCsv() {}

  /** What a conversion did: the columns (name and DuckDB type) and rows of the Parquet file. */
  public record Conversion(List<String> columns, long rows, boolean reused) {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ParquetToCsv IN.parquet OUT.csv");
      System.exit(2);
    }
    try {
      Conversion c = convert(Path.of(args[0]), Path.of(args[1]));
      System.out.printf("%s %s: %,d rows, columns %s%n", c.reused() ? "reused" : "wrote", args[1], c.rows(), c.columns());
    } catch (BenchException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Writes {@code csv} from {@code parquet} (through a temporary file renamed into place, so an
   * interrupted conversion never leaves a half file under the final name). A {@code csv} newer than
   * {@code parquet} is kept as it is.
   *
   * @throws BenchException when the Parquet file is missing or DuckDB cannot read it
   */
  public static Conversion convert(Path parquet, Path csv) {
    if (!Files.isRegularFile(parquet)) {
      throw new BenchException("no Parquet file " + parquet);
    }
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      String source = "read_parquet(" + literal(parquet.toAbsolutePath().toString()) + ")";
      List<String> columns = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM " + source)) {
        while (rs.next()) {
          columns.add(rs.getString("column_name") + " " + rs.getString("column_type"));
        }
      }
      long rows;
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + source)) {
        rs.next();
        rows = rs.getLong(1);
      }
      if (Files.isRegularFile(csv) && Files.getLastModifiedTime(csv).compareTo(Files.getLastModifiedTime(parquet)) > 0) {
        return new Conversion(columns, rows, true);
      }
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Path temp = csv.resolveSibling(csv.getFileName() + ".tmp");
      st.execute("COPY (SELECT * FROM " + source + ") TO " + literal(temp.toAbsolutePath().toString())
          + " (FORMAT CSV, HEADER true, DELIMITER ',')");
      Files.move(temp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return new Conversion(columns, rows, false);
    } catch (SQLException e) {
      throw new BenchException("cannot convert " + parquet + " to CSV: " + e.getMessage().lines().findFirst().orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + csv + ": " + e.getMessage(), e);
    }
  }

  /** A SQL string literal (DuckDB's COPY takes file names as literals, not as parameters). */
  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
