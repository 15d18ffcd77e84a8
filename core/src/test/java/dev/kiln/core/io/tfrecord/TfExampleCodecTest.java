package dev.kiln.core.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.junit.jupiter.api.Test;

class TfExampleCodecTest {
  private static final Schema ALL_TYPES = Schema.builder()
      .addInt64Field("id")
      .addInt32Field("small")
      .addBooleanField("flag")
      .addFloatField("ratio")
      .addDoubleField("score")
      .addStringField("name")
      .addByteArrayField("blob")
      .addArrayField("ids", FieldType.INT64)
      .addArrayField("tags", FieldType.STRING)
      .addNullableField("maybe", FieldType.INT64)
      .build();

  private static Row sample(Long maybe) {
    return Row.withSchema(ALL_TYPES)
        .addValues(-7L, 42, true, 0.25f, 1.5, "Zürich ✓", new byte[] {0, 1, (byte) 255},
            List.of(1L, -2L, Long.MAX_VALUE), List.of("a", ""), maybe)
        .build();
  }

  @Test
  void roundTripsEverySupportedType() {
    TfExampleCodec codec = TfExampleCodec.of(ALL_TYPES);
    Row row = sample(9L);
    assertEquals(row, codec.decode(codec.encode(row)));
    Row withNull = sample(null);
    assertEquals(withNull, codec.decode(codec.encode(withNull)));
  }

  @Test
  void nullBecomesAnAbsentFeatureAndBooleanAnInt64() {
    TfExampleCodec codec = TfExampleCodec.of(ALL_TYPES);
    Map<String, TfFeature> features = ExampleWire.parse(codec.encode(sample(null)));
    assertFalse(features.containsKey("maybe"));
    assertEquals(TfFeature.Kind.INT64, features.get("flag").kind);
    assertEquals(1L, features.get("flag").longAt(0));
    assertEquals(TfFeature.Kind.FLOAT, features.get("score").kind);
    assertEquals(TfFeature.Kind.BYTES, features.get("name").kind);
    assertEquals(3, features.get("ids").size());
  }

  @Test
  void writesTheProtobufLayoutOfTfTrainExample() {
    // Example{features{feature{key:"a" value{int64_list{value:[5]}}}}}, assembled by hand from the .proto.
    byte[] expected = {
      0x0a, 12, // Example.features, 12 bytes
      0x0a, 10, // Features.feature map entry, 10 bytes
      0x0a, 1, 'a', // entry.key
      0x12, 5, // entry.value (Feature), 5 bytes
      0x1a, 3, // Feature.int64_list, 3 bytes
      0x0a, 1, 5 // Int64List.value packed: one varint
    };
    Schema schema = Schema.builder().addInt64Field("a").build();
    byte[] actual = TfExampleCodec.of(schema).encode(Row.withSchema(schema).addValue(5L).build());
    assertArrayEquals(expected, actual);
  }

  @Test
  void readsUnpackedRepeatedValuesToo() {
    // Int64List with two unpacked varints (tag 0x08 each), as older writers produce.
    byte[] example = {0x0a, 14, 0x0a, 12, 0x0a, 1, 'a', 0x12, 7, 0x1a, 5, 0x08, 3, 0x08, (byte) 0x96, 0x01};
    Schema schema = Schema.builder().addArrayField("a", FieldType.INT64).build();
    assertEquals(List.of(3L, 150L), TfExampleCodec.of(schema).decode(example).getArray("a"));
  }

  @Test
  void aFeatureWithoutAValueListIsNullAndInfersAsString() {
    // Example{features{feature{key:"a" value{}}}}: TensorFlow's way of writing an always-missing column.
    byte[] example = {0x0a, 7, 0x0a, 5, 0x0a, 1, 'a', 0x12, 0};
    Schema inferred = TfExampleCodec.inferSchema(List.of(example));
    assertEquals(FieldType.STRING.withNullable(true), inferred.getField("a").getType());
    Schema asInt = Schema.builder().addNullableField("a", FieldType.INT64).build();
    assertNull(TfExampleCodec.of(asInt).decode(example).getInt64("a"));
  }

  @Test
  void storesDoublesWithFloatPrecisionAndSaysSoInStoredForm() {
    Schema schema = Schema.builder().addDoubleField("x").build();
    TfExampleCodec codec = TfExampleCodec.of(schema);
    Row row = Row.withSchema(schema).addValue(0.1).build();
    Row back = codec.decode(codec.encode(row));
    assertEquals((double) 0.1f, back.getDouble("x"));
    assertEquals(back, codec.storedForm(row));
  }

  @Test
  void infersTypesFromASample() {
    Schema writer = Schema.builder()
        .addInt64Field("count").addDoubleField("fare").addStringField("company")
        .addArrayField("hours", FieldType.INT64).build();
    TfExampleCodec codec = TfExampleCodec.of(writer);
    byte[] one = codec.encode(Row.withSchema(writer).addValues(1L, 2.5, "x", List.of(1L)).build());
    byte[] two = codec.encode(Row.withSchema(writer).addValues(2L, 3.5, "y", List.of(1L, 2L)).build());
    Schema inferred = TfExampleCodec.inferSchema(List.of(one, two));
    assertEquals(List.of("company", "count", "fare", "hours"), inferred.getFieldNames());
    assertEquals(FieldType.STRING.withNullable(true), inferred.getField("company").getType());
    assertEquals(FieldType.INT64.withNullable(true), inferred.getField("count").getType());
    assertEquals(FieldType.DOUBLE.withNullable(true), inferred.getField("fare").getType());
    assertEquals(FieldType.array(FieldType.INT64).withNullable(true), inferred.getField("hours").getType());
  }

  @Test
  void inferenceRejectsAFeatureWithTwoKinds() {
    Schema a = Schema.builder().addInt64Field("v").build();
    Schema b = Schema.builder().addStringField("v").build();
    byte[] one = TfExampleCodec.of(a).encode(Row.withSchema(a).addValue(1L).build());
    byte[] two = TfExampleCodec.of(b).encode(Row.withSchema(b).addValue("1").build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.inferSchema(List.of(one, two)));
    assertTrue(e.getMessage().contains("feature 'v'"), e.getMessage());
  }

  @Test
  void decodeNamesTheFeatureThatDoesNotFit() {
    Schema written = Schema.builder().addStringField("v").addInt64Field("extra").build();
    byte[] example = TfExampleCodec.of(written).encode(Row.withSchema(written).addValues("x", 1L).build());

    Schema wantsInt = Schema.builder().addInt64Field("v").addInt64Field("extra").build();
    IllegalArgumentException kind =
        assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.of(wantsInt).decode(example));
    assertTrue(kind.getMessage().contains("feature 'v' is a bytes_list"), kind.getMessage());

    Schema lacksExtra = Schema.builder().addStringField("v").build();
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.of(lacksExtra).decode(example));
    assertTrue(unknown.getMessage().contains("feature 'extra' is not in the schema"), unknown.getMessage());

    Schema needsMore = Schema.builder().addStringField("v").addInt64Field("extra").addInt64Field("more").build();
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.of(needsMore).decode(example));
    assertTrue(missing.getMessage().contains("feature 'more' is missing"), missing.getMessage());
  }

  @Test
  void rejectsTypesAnExampleCannotHold() {
    Schema schema = Schema.builder().addStringField("ok").addDateTimeField("when").build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.of(schema));
    assertTrue(e.getMessage().startsWith("field 'when' has type DATETIME"), e.getMessage());
  }

  @Test
  void rejectsGarbageBytes() {
    Schema schema = Schema.builder().addStringField("v").build();
    byte[] garbage = "definitely not a protobuf".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> TfExampleCodec.of(schema).decode(garbage));
  }
}
