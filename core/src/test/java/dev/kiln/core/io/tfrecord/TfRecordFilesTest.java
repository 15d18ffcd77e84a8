package dev.kiln.core.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordFilesTest {
  @TempDir Path tmp;

  private static Pipeline directPipeline() {
    return Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner").create());
  }

  @Test
  void readsTheTensorFlowWrittenTaxiExamples() {
    String pattern = SharedData.root().resolve("taxi/tfrecord/*.gz").toString();
    Schema schema = TfRecordFiles.schemaOf(pattern);

    assertEquals(List.of("company", "dropoff_census_tract", "dropoff_community_area", "dropoff_latitude",
        "dropoff_longitude", "fare", "payment_type", "pickup_census_tract", "pickup_community_area",
        "pickup_latitude", "pickup_longitude", "tips", "trip_miles", "trip_seconds", "trip_start_day",
        "trip_start_hour", "trip_start_month", "trip_start_timestamp"), schema.getFieldNames());
    assertEquals(FieldType.STRING.withNullable(true), schema.getField("company").getType());
    assertEquals(FieldType.DOUBLE.withNullable(true), schema.getField("fare").getType());
    assertEquals(FieldType.INT64.withNullable(true), schema.getField("trip_start_hour").getType());

    Pipeline p = directPipeline();
    PCollection<Row> rows = p.apply(TfRecordFiles.read(pattern));
    PAssert.thatSingleton(rows.apply(Count.globally())).isEqualTo(15_000L);
    PAssert.thatSingleton(rows.apply(Filter.by((Row r) -> r.getDouble("fare") != null)).apply("CountFares", Count.globally()))
        .satisfies(n -> {
          assertTrue(n > 14_000, "most trips have a fare: " + n);
          return null;
        });
    p.run().waitUntilFinish();
  }

  @Test
  void detectsGzipFromContentNotFromTheFileName() throws IOException {
    Schema schema = Schema.builder().addInt64Field("n").build();
    TfExampleCodec codec = TfExampleCodec.of(schema);
    List<byte[]> records = List.of(
        codec.encode(Row.withSchema(schema).addValue(1L).build()),
        codec.encode(Row.withSchema(schema).addValue(2L).build()));
    Files.write(tmp.resolve("plain.data"), frame(records, false));
    Files.write(tmp.resolve("zipped.data"), frame(records, true)); // gzip without a .gz name

    Schema inferred = TfRecordFiles.schemaOf(tmp.resolve("*.data").toString());
    assertEquals(List.of("n"), inferred.getFieldNames());

    Pipeline p = directPipeline();
    PCollection<Row> rows = p.apply(TfRecordFiles.read(tmp.resolve("*.data").toString(), schema));
    PAssert.that(rows).containsInAnyOrder(
        Row.withSchema(schema).addValue(1L).build(), Row.withSchema(schema).addValue(2L).build(),
        Row.withSchema(schema).addValue(1L).build(), Row.withSchema(schema).addValue(2L).build());
    p.run().waitUntilFinish();
  }

  @Test
  void aCorruptRecordIsReportedWithFileAndRecord() throws IOException {
    Schema schema = Schema.builder().addStringField("s").build();
    TfExampleCodec codec = TfExampleCodec.of(schema);
    byte[] framed = frame(List.of(
        codec.encode(Row.withSchema(schema).addValue("first").build()),
        codec.encode(Row.withSchema(schema).addValue("second").build())), false);
    framed[framed.length - 6] ^= 0x20; // flip a bit inside the second record's data
    Path file = tmp.resolve("bad.tfrecord");
    Files.write(file, framed);

    // The first record is fine and becomes the whole sample only if reading stops there; it does not.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TfRecordFiles.schemaOf(file.toString()));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("record 1"), e.getMessage());
    assertTrue(e.getMessage().contains("data checksum mismatch"), e.getMessage());
  }

  @Test
  void noMatchingFilesIsAClearError() {
    String pattern = tmp.resolve("nothing-*.tfrecord").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfRecordFiles.schemaOf(pattern));
    assertEquals("no TFRecord files match " + pattern, e.getMessage());
  }

  /** TFRecord framing written here independently of the main code, from the format's description. */
  static byte[] frame(List<byte[]> records, boolean gzip) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes) {
      for (byte[] r : records) {
        byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(r.length).array();
        out.write(len);
        out.write(le32(masked(len)));
        out.write(r);
        out.write(le32(masked(r)));
      }
    }
    return bytes.toByteArray();
  }

  static int masked(byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(data);
    int c = (int) crc.getValue();
    return Integer.rotateRight(c, 15) + 0xa282ead8;
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
