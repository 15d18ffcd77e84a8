package dev.kiln.bench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark peer on a small flights file it writes, where delays depend on the origin and the hour
 * only: a pipeline that builds the features right separates them well; one that lost the one-hot
 * airports or the hour would not.
 */
@Tag("e2e")
class FlightsJobE2eTest {
  static final List<String> AIRPORTS = List.of("ATL", "BOS", "DEN", "LAS", "ORD", "PHL", "SAV", "SFO");
  static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[1]").appName("flights-test")
        .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2").getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** Late when leaving ORD or DEN, or after 18:00; otherwise early: the label is a function of the features. */
  static Path flights(int rows) throws Exception {
    Path csv = dir.resolve("flights.csv");
    Random random = new Random(1);
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("date,delay,distance,origin,destination\n");
      for (int i = 0; i < rows; i++) {
        String origin = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
        String destination = AIRPORTS.get(random.nextInt(AIRPORTS.size()));
        int hour = random.nextInt(24);
        boolean late = origin.equals("ORD") || origin.equals("DEN") || hour >= 18;
        int delay = late ? 16 + random.nextInt(60) : -10 + random.nextInt(25);
        w.write(String.format("2001-01-%02d %02d:%02d:00,%d,%d,%s,%s%n", 1 + random.nextInt(28), hour, random.nextInt(60),
            delay, 100 + random.nextInt(2000), origin, destination));
      }
    }
    return csv;
  }

  @Test
  void learnsTheDelaysFromTheOneHotAirportsAndTheHour() throws Exception {
    Path csv = flights(4000);
    FlightsJob.Result r = FlightsJob.run(spark, FlightsJob.Settings.of(csv));
    assertEquals(4000, r.rows());
    assertEquals(4000, r.trainRows() + r.evalRows());
    assertTrue(r.evalRows() > 600 && r.evalRows() < 1000, "eval rows " + r.evalRows());
    // distance, hour, weekday + 8 origins + 8 destinations (an unseen-value slot added, the last slot dropped)
    assertEquals(3 + 8 + 8, r.features());
    assertTrue(r.auc() > 0.95, "AUC " + r.auc());
    assertEquals(List.of("ingest", "features + split", "statistics", "preprocess (fit on train)",
        "preprocess (transform train)", "train", "evaluate"), List.copyOf(r.phaseSeconds().keySet()));
  }

  @Test
  void readsTheParquetFileWithTheSameColumns() throws Exception {
    Path csv = flights(2000);
    Path parquet = dir.resolve("flights.parquet");
    FlightsJob.read(spark, csv).coalesce(1).write().parquet(parquet.toString());
    Path file;
    try (var files = Files.list(parquet)) {
      file = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    FlightsJob.Result r = FlightsJob.run(spark, FlightsJob.Settings.of(file));
    assertEquals(2000, r.rows());
    assertEquals(3 + 8 + 8, r.features());
    assertTrue(r.auc() > 0.95, "AUC " + r.auc());
  }
}
