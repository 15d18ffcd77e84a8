package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaxiReplicaTest {
  @TempDir Path dir;

  @Test
  void writesTheHeaderOnceAndTheRowsTimesOver() throws Exception {
    Path src = dir.resolve("src.csv");
    Files.writeString(src, "a,b\n1,2\n3,4\n");
    long rows = TaxiReplica.write(src, 3, dir.resolve("out/big.csv"));
    assertEquals(6, rows);
    assertEquals(List.of("a,b", "1,2", "3,4", "1,2", "3,4", "1,2", "3,4"), Files.readAllLines(dir.resolve("out/big.csv")));
  }

  @Test
  void aSourceWithoutFinalNewlineStillGivesOneRowPerLine() throws Exception {
    Path src = dir.resolve("src.csv");
    Files.writeString(src, "a,b\n1,2");
    assertEquals(2, TaxiReplica.write(src, 2, dir.resolve("big.csv")));
    assertEquals(List.of("a,b", "1,2", "1,2"), Files.readAllLines(dir.resolve("big.csv")));
  }

  @Test
  void aFileOfTheExpectedSizeIsReusedNotRewritten() throws Exception {
    Path src = dir.resolve("src.csv");
    Files.writeString(src, "a,b\n1,2\n");
    Path big = dir.resolve("big.csv");
    TaxiReplica.write(src, 5, big);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(big, old);
    TaxiReplica.write(src, 5, big);
    assertEquals(old, Files.getLastModifiedTime(big));
    TaxiReplica.write(src, 6, big); // other size: rewritten
    assertEquals(7, Files.readAllLines(big).size());
  }

  @Test
  void theRepositorysTaxiDataTimesTwoHasTwentyThousandRows() throws Exception {
    Path taxi = Path.of("../examples/data/taxi.csv");
    Path big = dir.resolve("taxi-x2.csv");
    assertEquals(20_000, TaxiReplica.write(taxi, 2, big));
    assertEquals(20_001, Files.readAllLines(big).size());
    assertEquals(TaxiReplica.header(taxi), TaxiReplica.header(big));
  }

  @Test
  void aMissingSourceIsAnErrorNamingIt() {
    BenchException e = assertThrows(BenchException.class, () -> TaxiReplica.write(dir.resolve("nope.csv"), 2, dir.resolve("x.csv")));
    assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
  }

  @Test
  void aHeaderOnlySourceIsAnError() throws Exception {
    Path src = dir.resolve("empty.csv");
    Files.writeString(src, "a,b\n");
    BenchException e = assertThrows(BenchException.class, () -> TaxiReplica.write(src, 2, dir.resolve("x.csv")));
    assertTrue(e.getMessage().contains("empty.csv"), e.getMessage());
  }
}
