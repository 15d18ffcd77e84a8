package dev.kiln.core.io;

import org.apache.beam.sdk.schemas.Schema;

/** Comparisons of Beam row schemas that hold across JVMs. */
public final class RowSchemas {
  private RowSchemas() {}

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
