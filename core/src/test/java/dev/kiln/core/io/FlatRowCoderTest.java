package dev.kiln.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.Schema.FieldType;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.logicaltypes.SqlTypes;
import org.apache.beam.sdk.schemas.transforms.Select;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.joda.time.DateTime;
import org.joda.time.DateTimeZone;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * FlatRowCoder gives back the rows it was given, equal to what Beam's RowCoder gives back, for every
 * type it covers; its bytes are a function of the row; schemas it does not cover keep RowCoder.
 */
class FlatRowCoderTest {
  /** Every covered type, each once required and once nullable. */
  private static final Schema ALL = allTypes();

  private static Schema allTypes() {
    List<FieldType> types = List.of(FieldType.BYTE, FieldType.INT16, FieldType.INT32, FieldType.INT64,
        FieldType.FLOAT, FieldType.DOUBLE, FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.STRING,
        FieldType.BYTES, FieldType.DATETIME, FieldType.array(FieldType.DOUBLE),
        FieldType.array(FieldType.STRING.withNullable(true)), FieldType.iterable(FieldType.INT64),
        FieldType.logicalType(SqlTypes.DATE));
    Schema.Builder b = Schema.builder();
    for (int i = 0; i < types.size(); i++) {
      b.addField("f" + i, types.get(i));
      b.addField("n" + i, types.get(i).withNullable(true));
    }
    return b.build();
  }

  /** A row of ALL whose nullable fields are null or, when {@code filled}, equal to the required ones. */
  private static Row row(boolean filled, byte b, short s, int i, long l, float f, double d, BigDecimal dec,
      boolean bool, String str, byte[] bytes, Instant t, List<Double> doubles, List<String> strings,
      List<Long> longs, LocalDate date) {
    List<Object> required = Arrays.asList(b, s, i, l, f, d, dec, bool, str, bytes, t, doubles, strings, longs, date);
    List<Object> values = new ArrayList<>();
    for (Object v : required) {
      values.add(v);
      values.add(filled ? v : null);
    }
    return Row.withSchema(ALL).addValues(values).build();
  }

  private static List<Row> edgeRows() {
    return List.of(
        row(true, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE, Float.NaN, Double.NaN,
            new BigDecimal("-123456789012345678901234567890.123"), true, "", new byte[0], new Instant(Long.MIN_VALUE / 2),
            List.of(), List.of(), List.of(), LocalDate.of(1, 1, 1)),
        row(true, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, -0.0f, -0.0d,
            new BigDecimal("1E+40"), false, "Zürich → 東京 😀", new byte[] {0, -1, 127, -128},
            new Instant(0), List.of(Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE, Double.NaN),
            Arrays.asList("a", null, "é"), List.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE), LocalDate.of(2026, 12, 7)),
        row(false, (byte) 0, (short) -1, -1, -1L, Float.MIN_VALUE, Double.MAX_VALUE, BigDecimal.ZERO, true,
            "ORD", new byte[300], new Instant(1_700_000_000_123L), List.of(1.5), Arrays.asList((String) null),
            List.of(42L), LocalDate.of(1970, 1, 1)),
        row(true, (byte) 7, (short) 300, 64, 8192L, 3.25f, 0.1, new BigDecimal("0.00"), false,
            "x".repeat(20_000), new byte[] {1}, new Instant(-1), List.of(2.0, 3.0), List.of("a"), List.of(), LocalDate.of(2000, 2, 29)));
  }

  @Test
  void roundTripsEveryCoveredTypeToTheRowsRowCoderGivesBack() throws IOException {
    FlatRowCoder flat = FlatRowCoder.of(ALL);
    RowCoder beam = RowCoder.of(ALL);
    for (Row row : edgeRows()) {
      Row ours = CoderUtils.decodeFromByteArray(flat, CoderUtils.encodeToByteArray(flat, row));
      Row theirs = CoderUtils.decodeFromByteArray(beam, CoderUtils.encodeToByteArray(beam, row));
      assertEquals(row, ours);
      assertEquals(theirs, ours);
      for (int i = 0; i < ALL.getFieldCount(); i++) {
        Object expected = theirs.getValue(i);
        Object actual = ours.getValue(i);
        // the same Java types as RowCoder's (e.g. joda Instant, Long), not just equal rows
        assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(),
            ALL.getField(i).getName());
      }
      // bits, not just Row equality: -0.0 stays -0.0 and NaN stays NaN
      assertEquals(Double.doubleToLongBits(row.getDouble("f5")), Double.doubleToLongBits(ours.getDouble("f5")));
      assertEquals(Float.floatToIntBits(row.getFloat("f4")), Float.floatToIntBits(ours.getFloat("f4")));
      assertSame(flat.getSchema(), ours.getSchema(), "decoded rows share the coder's schema");
    }
  }

  @Test
  void rowsFollowEachOtherInOneStream() throws IOException {
    FlatRowCoder coder = FlatRowCoder.of(ALL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Row row : edgeRows()) {
      coder.encode(row, out);
    }
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    for (Row row : edgeRows()) {
      assertEquals(row, coder.decode(in));
    }
    assertEquals(0, in.available());
    assertThrows(EOFException.class, () -> coder.decode(in));
  }

  /** Flink's spanning deserializer may hand over a row's bytes in pieces: a read returns what it has. */
  @Test
  void readsARowThatArrivesInPieces() throws IOException {
    FlatRowCoder coder = FlatRowCoder.of(ALL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Row row : edgeRows()) {
      coder.encode(row, out);
    }
    byte[] bytes = out.toByteArray();
    InputStream trickle = new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 3));
      }
    };
    for (Row row : edgeRows()) {
      assertEquals(row, coder.decode(trickle));
    }
    InputStream truncated = new ByteArrayInputStream(Arrays.copyOf(bytes, 10));
    assertThrows(EOFException.class, () -> coder.decode(truncated));
  }

  @Test
  void equalRowsHaveEqualBytes() throws IOException {
    Schema schema = Schema.builder().addInt64Field("distance").addStringField("origin")
        .addNullableField("delay", FieldType.DOUBLE).addDateTimeField("date").build();
    FlatRowCoder coder = FlatRowCoder.of(schema);
    Row built = Row.withSchema(schema).addValues(1234L, "SFO", Double.NaN, new DateTime(2001, 1, 1, 0, 1, DateTimeZone.UTC)).build();
    Row attached = Row.withSchema(schema)
        .attachValues(1234L, new String("SFO".toCharArray()), Double.longBitsToDouble(0x7ff8000000000123L),
            new Instant(new DateTime(2001, 1, 1, 0, 1, DateTimeZone.UTC).getMillis()));
    assertEquals(built, attached);
    assertArrayEquals(CoderUtils.encodeToByteArray(coder, built), CoderUtils.encodeToByteArray(coder, attached));
    assertArrayEquals(CoderUtils.encodeToByteArray(coder, built), CoderUtils.encodeToByteArray(SerializableUtils.clone(coder), built));
  }

  @Test
  void isDeterministicWhereRowCoderIs() {
    Schema exact = Schema.builder().addInt64Field("a").addNullableField("s", FieldType.STRING)
        .addArrayField("xs", FieldType.INT32).addDateTimeField("t").build();
    Schema floating = Schema.builder().addInt64Field("a").addDoubleField("d").build();
    Schema iterable = Schema.builder().addIterableField("xs", FieldType.INT64).build();
    for (Schema s : List.of(exact, floating, iterable)) {
      boolean beamDeterministic = isDeterministic(RowCoder.of(s));
      assertEquals(beamDeterministic, isDeterministic(FlatRowCoder.of(s)), s.toString());
    }
    assertTrue(isDeterministic(FlatRowCoder.of(exact)));
  }

  private static boolean isDeterministic(Coder<?> coder) {
    try {
      coder.verifyDeterministic();
      return true;
    } catch (Coder.NonDeterministicException e) {
      return false;
    }
  }

  @Test
  void schemasWithNestedRowsOrMapsKeepRowCoder() {
    Schema inner = Schema.builder().addInt64Field("x").build();
    Schema nested = Schema.builder().addStringField("a").addRowField("r", inner).build();
    Schema map = Schema.builder().addMapField("m", FieldType.STRING, FieldType.INT64).build();
    Schema listOfRows = Schema.builder().addArrayField("rs", FieldType.row(inner)).build();
    for (Schema s : List.of(nested, map, listOfRows)) {
      assertFalse(FlatRowCoder.supports(s), s.toString());
      assertThrows(IllegalArgumentException.class, () -> FlatRowCoder.of(s));
      assertInstanceOf(RowCoder.class, RowSchemas.coder(s));
    }
    assertInstanceOf(FlatRowCoder.class, RowSchemas.coder(inner));
  }

  @Test
  void survivesJavaSerialization() throws IOException {
    FlatRowCoder coder = FlatRowCoder.of(ALL);
    FlatRowCoder copy = (FlatRowCoder) SerializableUtils.clone(coder);
    assertEquals(coder, copy);
    assertEquals(coder.hashCode(), copy.hashCode());
    assertEquals(ALL.getFields(), copy.getSchema().getFields());
    for (Row row : edgeRows()) {
      assertEquals(row, CoderUtils.decodeFromByteArray(copy, CoderUtils.encodeToByteArray(coder, row)));
    }
  }

  @Test
  void isNotEqualToRowCoderOrACoderOfAnotherSchema() {
    Schema a = Schema.builder().addInt64Field("a").build();
    Schema b = Schema.builder().addInt64Field("b").build();
    assertEquals(FlatRowCoder.of(a), FlatRowCoder.of(a));
    assertNotEquals(FlatRowCoder.of(a), FlatRowCoder.of(b));
    assertNotEquals(FlatRowCoder.of(a), RowCoder.of(a));
  }

  @Test
  void bytesOfAnotherSchemaFailWithACoderException() throws IOException {
    Schema wide = Schema.builder().addInt64Field("a").addStringField("b").build();
    Schema narrow = Schema.builder().addInt64Field("a").build();
    byte[] bytes = CoderUtils.encodeToByteArray(FlatRowCoder.of(wide), Row.withSchema(wide).addValues(1L, "x").build());
    assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(FlatRowCoder.of(narrow), bytes));
    Row shortRow = Row.withSchema(narrow).addValues(1L).build();
    assertThrows(CoderException.class, () -> CoderUtils.encodeToByteArray(FlatRowCoder.of(wide), shortRow));
  }

  @Test
  void oneCoderServesManyThreads() throws Exception {
    FlatRowCoder coder = FlatRowCoder.of(ALL);
    List<Row> rows = edgeRows();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(pool.submit(() -> {
          for (int k = 0; k < 500; k++) {
            Row row = rows.get(k % rows.size());
            if (!row.equals(CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, row)))) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> f : results) {
        assertTrue(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void setOnKeepsTheSchemaForSchemaTransforms() {
    Schema schema = Schema.builder().addInt64Field("distance").addStringField("origin").build();
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<Row> rows = RowSchemas.setOn(p.apply(Create.of(
        Row.withSchema(schema).addValues(100L, "SFO").build(),
        Row.withSchema(schema).addValues(200L, "ORD").build()).withCoder(RowSchemas.coder(schema))), schema);
    assertInstanceOf(FlatRowCoder.class, rows.getCoder());
    assertTrue(rows.hasSchema());
    assertEquals(schema.getFields(), rows.getSchema().getFields());
    assertInstanceOf(SchemaCoder.class, rows.getCoder());
    PCollection<Row> origins = rows.apply(Select.fieldNames("origin"));
    Schema originSchema = Schema.builder().addStringField("origin").build();
    PAssert.that(origins).containsInAnyOrder(
        Row.withSchema(originSchema).addValues("SFO").build(), Row.withSchema(originSchema).addValues("ORD").build());
    p.run().waitUntilFinish();
  }
}
