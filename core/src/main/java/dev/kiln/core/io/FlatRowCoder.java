package dev.kiln.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.transforms.SerializableFunctions;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A coder for the rows of Kiln's datasets: a row is encoded into one byte array and handed to the
 * stream in one call, its length in front; decoding reads the length, the bytes in one
 * {@code readFully}, and parses the fields from the array.
 *
 * <p>Why: between Flink operators Beam's {@code RowCoder} was about 30 % of the CPU of the flights
 * pipeline (docs/benchmarks.md): it writes field by field, and through Flink's stream wrappers
 * every single-byte write or read is a virtual call chain; it also builds a {@code BitSet} per row
 * for the nulls and copies strings through intermediate arrays. Here the per-field work happens
 * on a plain array, with each field's codec ({@link FlatFieldCodec}) chosen once per schema.
 *
 * <p>It is a {@link SchemaCoder}, so {@code PCollection.hasSchema()}, {@code getSchema()} and Beam's
 * schema transforms work as with {@code RowCoder}; it decodes rows equal to the rows RowCoder
 * decodes (the same Java types: {@code Long}, {@code String}, joda {@code Instant}, lists, ...),
 * built without re-validation as RowCoder does. It covers every primitive type, logical types
 * over them, and arrays and iterables of them (nullable or not); {@link #supports} says no for
 * nested rows and maps, and for schemas with overridden encoding positions, for which
 * {@link RowSchemas#coder} keeps RowCoder. The encoding is deterministic for the same rows as
 * RowCoder's ({@link #verifyDeterministic} gives RowCoder's answer). Thread-safe and serializable:
 * the scratch arrays are per thread.
 *
 * <p>Example of use (steps call {@link RowSchemas#setOn}, which picks this coder when it can):
 *
 * <pre>{@code
 * PCollection<Row> rows = parsed.setCoder(FlatRowCoder.of(schema));
 * rows.getSchema();   // schema
 * }</pre>
 */
public final class FlatRowCoder extends SchemaCoder<Row> {
  private static final long serialVersionUID = 1L;

  private final FlatFieldCodec[] fields;
  private final int nullBytes;

  private FlatRowCoder(Schema schema, FlatFieldCodec[] fields) {
    super(schema, TypeDescriptor.of(Row.class), SerializableFunctions.identity(), SerializableFunctions.identity());
    this.fields = fields;
    this.nullBytes = (fields.length + 7) / 8;
  }

  /** Whether {@link #of} can code rows of {@code schema}. */
  public static boolean supports(Schema schema) {
    return codecs(schema) != null;
  }

  /**
   * The coder of rows of {@code schema}.
   *
   * @throws IllegalArgumentException when the schema has a type this coder does not cover ({@link #supports})
   */
  public static FlatRowCoder of(Schema schema) {
    FlatFieldCodec[] codecs = codecs(Objects.requireNonNull(schema, "schema"));
    if (codecs == null) {
      throw new IllegalArgumentException("FlatRowCoder does not code nested rows, maps or overridden encoding"
          + " positions; use RowSchemas.coder(schema), which falls back to RowCoder: " + schema);
    }
    return new FlatRowCoder(schema, codecs);
  }

  private static FlatFieldCodec @Nullable [] codecs(Schema schema) {
    if (schema.isEncodingPositionsOverridden()) {
      return null;
    }
    FlatFieldCodec[] codecs = new FlatFieldCodec[schema.getFieldCount()];
    for (int i = 0; i < codecs.length; i++) {
      codecs[i] = FlatFieldCodec.forType(schema.getField(i).getType());
      if (codecs[i] == null) {
        return null;
      }
    }
    return codecs;
  }

  @Override
  public void encode(Row row, OutputStream out) throws IOException {
    if (row == null) {
      throw new CoderException("cannot encode a null row");
    }
    List<Object> values = row.getValues();
    if (values.size() != fields.length) {
      throw new CoderException("a row of " + values.size() + " fields for a schema of " + fields.length + ": " + schema);
    }
    RowBytesWriter w = RowBytesWriter.acquire(nullBytes);
    try {
      for (int i = 0; i < fields.length; i++) {
        Object v = values.get(i);
        if (v == null) {
          w.markNull(i);
        } else {
          fields[i].write(v, w);
        }
      }
      w.writeTo(out);
    } catch (ClassCastException e) {
      throw new CoderException("a row's value does not have its field's type in " + schema + ": " + e.getMessage());
    } finally {
      w.release();
    }
  }

  @Override
  public Row decode(InputStream in) throws IOException {
    RowBytesReader r = RowBytesReader.acquire(in);
    try {
      r.skip(nullBytes);
      Object[] values = new Object[fields.length];
      for (int i = 0; i < values.length; i++) {
        values[i] = r.isNull(i) ? null : fields[i].read(r);
      }
      r.checkConsumed();
      // decoded values have their fields' types already: no validation, as RowCoder does
      return Row.withSchema(schema).attachValues(Arrays.asList(values));
    } finally {
      r.release();
    }
  }

  // verifyDeterministic: SchemaCoder's, from the field types, as for RowCoder. Every encoding here
  // is a function of the value (canonical NaN), so this coder is deterministic wherever RowCoder is.

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof FlatRowCoder that && schema.equals(that.schema);
  }

  @Override
  public int hashCode() {
    return 31 * FlatRowCoder.class.getName().hashCode() + schema.hashCode();
  }

  /** Not SchemaCoder's, which generates RowCoder's byte code to print it. */
  @Override
  public String toString() {
    return "FlatRowCoder<" + schema + ">";
  }
}
