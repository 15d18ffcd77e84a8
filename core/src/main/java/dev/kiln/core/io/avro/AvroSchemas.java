package dev.kiln.core.io.avro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema.Field;
import org.apache.beam.sdk.extensions.avro.schemas.utils.AvroUtils;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Beam row schemas to Avro record schemas and back, for any column name.
 *
 * <p>A Beam field may be named anything ({@code trip miles}, {@code Größe}, {@code a.b}); an Avro
 * field name must be {@code [A-Za-z_][A-Za-z0-9_]*}. A column whose name Avro does not accept is
 * written under a valid name ({@link AvroNames#validName}: every other character becomes {@code _},
 * a leading digit gets a {@code _} before it), and the name the user wrote is kept in the field's
 * {@value #NAME_PROPERTY} property. Reading maps it back, so steps downstream see the original
 * name, and tools that do not know the property (avro-tools, Spark) still read the file, under the
 * valid name.
 *
 * <p>The mapping is deterministic and collision-free: valid names keep themselves, then each other
 * name, in column order, takes its valid form, or that form with {@code _2}, {@code _3}, ... when
 * the form is already taken (for example by a column that was already called {@code trip_miles}).
 * Only top-level columns are mapped; a nested row's field names must already be valid Avro names.
 *
 * <p>Example of use:
 *
 * <pre>{@code
 * org.apache.avro.Schema avro = AvroSchemas.toAvro(beamSchema, "data_examples", "dev.kiln.dataset");
 * Schema back = AvroSchemas.toBeam(avro);   // equal to beamSchema, names as written
 * }</pre>
 */
public final class AvroSchemas {
  /** The Avro field property that holds the column's name when the Avro field name differs from it. */
  public static final String NAME_PROPERTY = "kiln.name";

  private AvroSchemas() {}

  /**
   * The Avro record schema of rows of {@code schema}.
   *
   * @throws IllegalArgumentException (or Avro's SchemaParseException) when a type cannot be written as Avro
   */
  public static org.apache.avro.Schema toAvro(Schema schema, String recordName, String namespace) {
    List<String> avroNames = avroNames(schema);
    org.apache.avro.Schema avro = AvroUtils.toAvroSchema(renamed(schema, avroNames), recordName, namespace);
    for (int i = 0; i < avroNames.size(); i++) {
      String name = schema.getField(i).getName();
      if (!name.equals(avroNames.get(i))) {
        avro.getField(avroNames.get(i)).addProp(NAME_PROPERTY, name);
      }
    }
    return avro;
  }

  /** The Beam schema of records of {@code avro}, with every column under the name it was written with. */
  public static Schema toBeam(org.apache.avro.Schema avro) {
    Schema schema = AvroUtils.toBeamSchema(avro);
    List<String> names = new ArrayList<>();
    boolean renamed = false;
    for (Field f : avro.getFields()) {
      String original = f.getProp(NAME_PROPERTY);
      names.add(original == null ? f.name() : original);
      renamed |= original != null;
    }
    return renamed ? renamed(schema, names) : schema;
  }

  /**
   * {@code schema} with the Avro names of its columns (the same schema when every name is valid):
   * the schema that Beam's {@code AvroUtils} conversions, which look fields up by name, need.
   */
  public static Schema withAvroNames(Schema schema) {
    List<String> avroNames = avroNames(schema);
    return avroNames.equals(schema.getFieldNames()) ? schema : renamed(schema, avroNames);
  }

  /**
   * The field of the Avro record that holds the column {@code name}: the one whose
   * {@value #NAME_PROPERTY} is {@code name}, or else the one named {@code name} without that property;
   * null when there is none.
   */
  public static Field field(org.apache.avro.Schema record, String name) {
    for (Field f : record.getFields()) {
      if (name.equals(f.getProp(NAME_PROPERTY))) {
        return f;
      }
    }
    Field f = record.getField(name);
    return f == null || f.getProp(NAME_PROPERTY) != null ? null : f;
  }

  /** The column names under which the columns are written to Avro, in column order. */
  static List<String> avroNames(Schema schema) {
    List<String> names = schema.getFieldNames();
    Set<String> taken = new HashSet<>();
    for (String n : names) {
      if (AvroNames.validName(n).equals(n)) {
        taken.add(n);
      }
    }
    List<String> out = new ArrayList<>(names.size());
    for (String n : names) {
      String valid = AvroNames.validName(n);
      if (valid.equals(n)) {
        out.add(n);
        continue;
      }
      String candidate = valid;
      for (int k = 2; taken.contains(candidate); k++) {
        candidate = valid + "_" + k;
      }
      taken.add(candidate);
      out.add(candidate);
    }
    return out;
  }

  private static Schema renamed(Schema schema, List<String> names) {
    Schema.Builder b = Schema.builder();
    for (int i = 0; i < names.size(); i++) {
      b.addField(schema.getField(i).withName(names.get(i)));
    }
    return b.setOptions(schema.getOptions()).build();
  }
}
