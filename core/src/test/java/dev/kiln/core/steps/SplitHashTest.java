package dev.kiln.core.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.hash.Hashing;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class SplitHashTest {

  /**
   * The pinned test vector: where these values fall must never change between Kiln versions (it would
   * move users' rows between train and eval). If this test fails, the split step's placement changed:
   * revert, or bump SplitStep.version() and say so in the release notes.
   */
  @Test
  void positionsArePinnedAcrossKilnVersions() {
    assertEquals(POS_LONG_42, SplitHash.position(FieldType.INT64, 42L));
    assertEquals(POS_STRING, SplitHash.position(FieldType.STRING, "2013-01-01 00:15:00 UTC"));
    assertEquals(POS_REAL, SplitHash.position(FieldType.DOUBLE, 0.1));
    assertEquals(POS_BYTES, SplitHash.position(FieldType.BYTES, new byte[] {1, 2, 3}));
    assertEquals(POS_NULL, SplitHash.position(FieldType.STRING.withNullable(true), null));
    assertEquals(POS_TRUE, SplitHash.position(FieldType.BOOLEAN, true));
    Schema schema = Schema.builder().addInt64Field("id").addStringField("name").addNullableField("x", FieldType.DOUBLE).build();
    assertEquals(POS_ROW, SplitHash.position(Row.withSchema(schema).addValues(7L, "seven", null).build(), null));
  }

  // computed once with Kiln 0.1 (split step version 2); never edit these to make the test pass
  static final double POS_LONG_42 = 0.8060575750462218, POS_STRING = 0.28296672660684596, POS_REAL = 0.16198310833450724,
      POS_BYTES = 0.06969010078663684, POS_NULL = 0.27369188643842557, POS_TRUE = 0.46007774327028284, POS_ROW = 0.8452491642460456;

  @Test
  void theHashIsGuavasMurmur3OfTheDocumentedEncoding() {
    // a long: tag 1 and 8 bytes little-endian; the first 64 bits of the hash, top 53 as a fraction
    byte[] encoded = ByteBuffer.allocate(9).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 1).putLong(42L).array();
    long h = Hashing.murmur3_128().hashBytes(encoded).asLong();
    assertEquals((h >>> 11) * 0x1.0p-53, SplitHash.position(FieldType.INT64, 42L));
    // a string: tag 3, its UTF-8 length as an int (little-endian), its UTF-8 bytes
    byte[] utf8 = "kiln".getBytes(StandardCharsets.UTF_8);
    byte[] s = ByteBuffer.allocate(5 + utf8.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).put((byte) 3).putInt(utf8.length).put(utf8).array();
    long hs = Hashing.murmur3_128().hashBytes(s).asLong();
    assertEquals((hs >>> 11) * 0x1.0p-53, SplitHash.position(FieldType.STRING, "kiln"));
  }

  @Test
  void numericallyEqualValuesOfDifferentTypesFallAlike() {
    double five = SplitHash.position(FieldType.INT64, 5L);
    assertEquals(five, SplitHash.position(FieldType.INT32, 5));
    assertEquals(five, SplitHash.position(FieldType.INT16, (short) 5));
    assertEquals(five, SplitHash.position(FieldType.BYTE, (byte) 5));
    assertEquals(five, SplitHash.position(FieldType.DOUBLE, 5.0));
    assertEquals(five, SplitHash.position(FieldType.FLOAT, 5.0f));
    assertEquals(five, SplitHash.position(FieldType.DECIMAL, new BigDecimal("5.000")));
    assertEquals(SplitHash.position(FieldType.DOUBLE, 0.0), SplitHash.position(FieldType.DOUBLE, -0.0));
    assertEquals(SplitHash.position(FieldType.DOUBLE, 2.5), SplitHash.position(FieldType.DECIMAL, new BigDecimal("2.50")));
    // other types are not unified with numbers: the string "5" is not the number 5
    assertNotEquals(five, SplitHash.position(FieldType.STRING, "5"));
    assertNotEquals(five, SplitHash.position(FieldType.DOUBLE, 5.5));
  }

  @Test
  void bytesHashByContentNotByIdentity() {
    double a = SplitHash.position(FieldType.BYTES, new byte[] {9, 8, 7});
    assertEquals(a, SplitHash.position(FieldType.BYTES, new byte[] {9, 8, 7}));
    assertEquals(a, SplitHash.position(FieldType.BYTES, ByteBuffer.wrap(new byte[] {0, 9, 8, 7}, 1, 3)));
    assertNotEquals(a, SplitHash.position(FieldType.BYTES, new byte[] {9, 8, 6}));
  }

  @Test
  void nullEmptyStringAndEmptyListDiffer() {
    double nul = SplitHash.position(FieldType.STRING.withNullable(true), null);
    double empty = SplitHash.position(FieldType.STRING, "");
    double emptyList = SplitHash.position(FieldType.array(FieldType.STRING), List.of());
    assertNotEquals(nul, empty);
    assertNotEquals(empty, emptyList);
    assertNotEquals(nul, emptyList);
  }

  @Test
  void mapsHashAlikeInAnyEntryOrderAndDateTimesByInstant() {
    FieldType map = FieldType.map(FieldType.STRING, FieldType.INT64);
    Map<String, Long> ab = new java.util.LinkedHashMap<>();
    ab.put("a", 1L);
    ab.put("b", 2L);
    Map<String, Long> ba = new java.util.LinkedHashMap<>();
    ba.put("b", 2L);
    ba.put("a", 1L);
    assertEquals(SplitHash.position(map, ab), SplitHash.position(map, ba));
    assertNotEquals(SplitHash.position(map, ab), SplitHash.position(map, Map.of("a", 2L, "b", 1L)));
    assertEquals(SplitHash.position(FieldType.DATETIME, new Instant(1_000L)),
        SplitHash.position(FieldType.DATETIME, new org.joda.time.DateTime(1_000L)));
  }

  @Test
  void aWholeRowHashesItsValuesNotItsColumnTypes() {
    Schema longs = Schema.builder().addInt64Field("id").addStringField("name").build();
    Schema doubles = Schema.builder().addDoubleField("id").addStringField("name").build();
    assertEquals(SplitHash.position(Row.withSchema(longs).addValues(3L, "c").build(), null),
        SplitHash.position(Row.withSchema(doubles).addValues(3.0, "c").build(), null));
    assertEquals(SplitHash.position(Row.withSchema(longs).addValues(3L, "c").build(), "id"),
        SplitHash.position(FieldType.INT64, 3L));
  }
}
