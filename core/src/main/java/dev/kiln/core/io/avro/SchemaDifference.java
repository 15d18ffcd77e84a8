package dev.kiln.core.io.avro;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.schemas.Schema;

/** Says how two Beam schemas differ, for error messages. */
final class SchemaDifference {
  private static final int MAX_LISTED = 3;

  private SchemaDifference() {}

  /**
   * The first few differences, e.g. {@code field 'fare' is FLOAT (nullable) in a.avro but DOUBLE in
   * b.avro; field 'x' is only in b.avro}.
   */
  static String describe(String firstName, Schema first, String secondName, Schema second) {
    List<String> diffs = new ArrayList<>();
    for (Schema.Field f : first.getFields()) {
      if (!second.hasField(f.getName())) {
        diffs.add("field '" + f.getName() + "' is only in " + firstName);
      } else {
        Schema.FieldType other = second.getField(f.getName()).getType();
        if (!other.equals(f.getType())) {
          diffs.add("field '" + f.getName() + "' is " + typeName(f.getType()) + " in " + firstName + " but "
              + typeName(other) + " in " + secondName);
        }
      }
    }
    for (Schema.Field f : second.getFields()) {
      if (!first.hasField(f.getName())) {
        diffs.add("field '" + f.getName() + "' is only in " + secondName);
      }
    }
    if (diffs.isEmpty()) {
      diffs.add("the fields are in order " + first.getFieldNames() + " in " + firstName + " but "
          + second.getFieldNames() + " in " + secondName);
    }
    String listed = String.join("; ", diffs.subList(0, Math.min(MAX_LISTED, diffs.size())));
    return diffs.size() > MAX_LISTED ? listed + "; and " + (diffs.size() - MAX_LISTED) + " more" : listed;
  }

  private static String typeName(Schema.FieldType t) {
    return t.getTypeName() + (t.getNullable() ? " (nullable)" : "");
  }
}
