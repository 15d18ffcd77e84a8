package dev.kiln.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.csv.CsvOptions;
import dev.kiln.core.io.csv.CsvSchemaInference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class TaxiColumnsTest {
  private static final Path TAXI = Path.of("../examples/data/taxi.csv").toAbsolutePath().normalize();

  @Test
  void theDeclaredSchemaIsTheOneKilnInfersFromTheTaxiCsv() {
    assertEquals(CsvSchemaInference.infer(TAXI.toString(), CsvOptions.defaults()), TaxiColumns.SCHEMA);
  }

  @Test
  void parsesATaxiLineWithEmptyFieldsAsNull() throws Exception {
    String line = Files.readAllLines(TAXI).get(1);
    Row row = TaxiColumns.parse(CsvLine.split(line, ','));
    assertEquals(10L, row.getInt64("pickup_community_area"));
    assertEquals(5.85, row.getDouble("fare"));
    assertNull(row.getDouble("dropoff_latitude"));
    assertEquals("Cash", row.getString("payment_type"));
  }

  @Test
  void aWrongFieldCountIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaxiColumns.parse(List.of("1", "2")));
    assertTrue(e.getMessage().contains("expected 18 fields, found 2"), e.getMessage());
  }

  @Test
  void aBadNumberIsRejectedNamingTheColumn() throws Exception {
    List<String> fields = new java.util.ArrayList<>(CsvLine.split(Files.readAllLines(TAXI).get(1), ','));
    fields.set(1, "five");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaxiColumns.parse(fields));
    assertTrue(e.getMessage().contains("column fare: 'five'"), e.getMessage());
  }
}
