package dev.kiln.core.io;

import org.apache.beam.sdk.coders.RowCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Beam row schemas in Kiln: how a {@code PCollection<Row>} that Kiln makes gets its schema and
 * coder, and comparisons of schemas that hold across JVMs.
 */
public final class RowSchemas {
  private RowSchemas() {}

  /**
   * Sets {@code schema} on rows that Kiln itself makes, with Kiln's row coder: what every built-in
   * step calls instead of Beam's {@code setRowSchema}, so that the choice of coder is made here
   * alone. {@code rows.hasSchema()} and {@code rows.getSchema()} work as after
   * {@code setRowSchema}.
   *
   * <p>Example of use:
   *
   * <pre>{@code
   * PCollection<Row> out = RowSchemas.setOn(rows.apply("derive", ParDo.of(new DeriveFn(schema))), schema);
   * }</pre>
   */
  public static PCollection<Row> setOn(PCollection<Row> rows, Schema schema) {
    return rows.setCoder(coder(schema));
  }

  /**
   * Kiln's coder for rows of {@code schema}: {@link FlatRowCoder} (a row in one write, several times
   * cheaper between Flink operators), or Beam's {@link RowCoder} for schemas it does not cover
   * (nested rows, maps).
   */
  public static SchemaCoder<Row> coder(Schema schema) {
    return FlatRowCoder.supports(schema) ? FlatRowCoder.of(schema) : RowCoder.of(schema);
  }

  /**
   * Whether two schemas have the same columns in the same order, with the same names, types and
   * options. Use this, not {@link Schema#equals}, wherever a schema made in one JVM meets one made in
   * another: a Beam schema caches a hash code built from its type enums' identity hash codes, that
   * cached value travels with a serialized schema, and {@code equals} compares it first. On a Flink
   * cluster the planned schema comes from the submitting JVM and a worker's from the TaskManager, so
   * {@code equals} says no for identical schemas.
   */
  public static boolean sameColumns(Schema a, Schema b) {
    return a.getFields().equals(b.getFields()) && a.getOptions().equals(b.getOptions());
  }
}
