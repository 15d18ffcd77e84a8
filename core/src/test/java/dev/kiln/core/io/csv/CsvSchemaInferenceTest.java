package dev.kiln.core.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.core.io.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.Schema.TypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSchemaInferenceTest {
  @TempDir Path dir;

  @Test
  void infersTheTaxiColumnTypesInHeaderOrder() {
    Schema schema = CsvSchemaInference.infer(SharedData.file("taxi/csv/data.csv").toString(), CsvOptions.defaults());

    assertEquals(18, schema.getFieldCount());
    assertEquals("pickup_community_area", schema.getField(0).getName());
    assertEquals("tips", schema.getField(17).getName());
    assertEquals(TypeName.DOUBLE, schema.getField("fare").getType().getTypeName());
    assertEquals(TypeName.INT64, schema.getField("trip_start_hour").getType().getTypeName());
    assertEquals(TypeName.INT64, schema.getField("trip_start_timestamp").getType().getTypeName());
    assertEquals(TypeName.STRING, schema.getField("payment_type").getType().getTypeName());
    assertEquals(TypeName.DOUBLE, schema.getField("dropoff_latitude").getType().getTypeName());
    // Every value of pickup_census_tract is empty in this file.
    assertEquals(TypeName.STRING, schema.getField("pickup_census_tract").getType().getTypeName());
    assertTrue(schema.getFields().stream().allMatch(f -> f.getType().getNullable()), "all fields nullable");
  }

  @Test
  void takesTheNarrowestTypeThatHoldsEveryValue() throws IOException {
    Path csv = write("t.csv",
        "ints,mixed,flags,flagsAndInts,words,empty,spaced\n"
            + "1,1,true,true,a,,\" 7 \"\n"
            + "-2,2.5,FALSE,1,b,,8\n"
            + ",3,,,,,\n");

    Schema schema = CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults());

    assertEquals(List.of("ints", "mixed", "flags", "flagsAndInts", "words", "empty", "spaced"), schema.getFieldNames());
    assertEquals(FieldType.INT64.withNullable(true), schema.getField("ints").getType());
    assertEquals(FieldType.DOUBLE.withNullable(true), schema.getField("mixed").getType());
    assertEquals(FieldType.BOOLEAN.withNullable(true), schema.getField("flags").getType());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("flagsAndInts").getType());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("words").getType());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("empty").getType());
    assertEquals(FieldType.INT64.withNullable(true), schema.getField("spaced").getType());
  }

  @Test
  void treatsNullTokensAsMissing() throws IOException {
    Path csv = write("t.csv", "n\n1\nNA\n3\n");

    assertEquals(TypeName.STRING,
        CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults()).getField("n").getType().getTypeName());
    assertEquals(TypeName.INT64, CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults().withNullTokens("NA"))
        .getField("n").getType().getTypeName());
  }

  @Test
  void looksOnlyAtTheSample() throws IOException {
    Path csv = write("t.csv", "n\n1\n2\nthree\n");

    Schema sampled = CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults().withSampleRows(2));

    assertEquals(TypeName.INT64, sampled.getField("n").getType().getTypeName());
  }

  @Test
  void samplesEveryFileOfAPattern() throws IOException {
    write("a.csv", "x,y\n1,1\n2,2\n");
    write("b.csv", "x,y\n3,3.5\n4,4\n");

    Schema schema = CsvSchemaInference.infer(dir.resolve("*.csv").toString(), CsvOptions.defaults().withSampleRows(2));

    assertEquals(TypeName.INT64, schema.getField("x").getType().getTypeName());
    assertEquals(TypeName.DOUBLE, schema.getField("y").getType().getTypeName());
  }

  @Test
  void failsWhenFilesOfAPatternHaveDifferentHeaders() throws IOException {
    write("a.csv", "x,y\n1,2\n");
    write("b.csv", "x,z\n1,2\n");

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvSchemaInference.infer(dir.resolve("*.csv").toString(), CsvOptions.defaults()));

    assertTrue(e.getMessage().contains("b.csv: header [x, z] differs from"), e.getMessage());
  }

  @Test
  void failsOnAMissingFileNamingThePattern() {
    String pattern = dir.resolve("nothing-*.csv").toString();

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvSchemaInference.infer(pattern, CsvOptions.defaults()));

    assertEquals("no CSV file matches '" + pattern + "'", e.getMessage());
  }

  @Test
  void failsOnAnEmptyFile() throws IOException {
    Path csv = write("empty.csv", "");

    CsvFormatException e = assertThrows(CsvFormatException.class,
        () -> CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults()));

    assertEquals(csv + " is empty: expected a header row naming the columns", e.getMessage());
  }

  @Test
  void failsOnADuplicateOrEmptyColumnName() throws IOException {
    Path dup = write("dup.csv", "a,b,a\n1,2,3\n");
    Path unnamed = write("unnamed.csv", ",a\n1,2\n");

    assertEquals(dup + " line 1: column name 'a' appears twice in the header (columns 1 and 3)",
        assertThrows(CsvFormatException.class, () -> CsvSchemaInference.infer(dup.toString(), CsvOptions.defaults()))
            .getMessage());
    assertEquals(unnamed + " line 1: column 1 of the header has no name",
        assertThrows(CsvFormatException.class, () -> CsvSchemaInference.infer(unnamed.toString(), CsvOptions.defaults()))
            .getMessage());
  }

  @Test
  void ignoresAByteOrderMarkBeforeTheHeader() throws IOException {
    Path csv = write("bom.csv", "\uFEFFid,name\n1,x\n");

    assertEquals(List.of("id", "name"), CsvSchemaInference.infer(csv.toString(), CsvOptions.defaults()).getFieldNames());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
