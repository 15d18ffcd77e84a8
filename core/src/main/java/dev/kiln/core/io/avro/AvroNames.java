package dev.kiln.core.io.avro;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Makes the names of an Avro schema's named types (records, enums, fixed) valid Avro names.
 * Python's {@code avro} writes whatever name it is given (e.g. the record "Chicago Taxi dataset"),
 * which a strict parser rejects when the schema is parsed again; the copy replaces every character
 * that a name may not hold with {@code _} and keeps everything else (fields, types, docs,
 * defaults, properties). Field names are data and are left alone.
 */
final class AvroNames {
  private AvroNames() {}

  /** A copy of {@code schema} whose named types have valid names. */
  static Schema sanitize(Schema schema) {
    return new Copier().copy(schema);
  }

  /** {@code name} as a valid Avro name: letters, digits and {@code _}, not starting with a digit. */
  static String validName(String name) {
    StringBuilder b = new StringBuilder(name.length() + 1);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (i == 0 && digit) {
        b.append('_');
      }
      b.append(letter || digit ? c : '_');
    }
    return b.length() == 0 ? "_" : b.toString();
  }

  private static String validNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return namespace;
    }
    List<String> parts = new ArrayList<>();
    for (String part : namespace.split("\\.", -1)) {
      parts.add(validName(part));
    }
    return String.join(".", parts);
  }

  /** Copies a schema once per named type, so recursive and repeated types stay shared. */
  private static final class Copier {
    private final Map<Schema, Schema> copies = new IdentityHashMap<>();

    Schema copy(Schema s) {
      Schema done = copies.get(s);
      if (done != null) {
        return done;
      }
      switch (s.getType()) {
        case RECORD:
          Schema record = Schema.createRecord(validName(s.getName()), s.getDoc(), validNamespace(s.getNamespace()), s.isError());
          copies.put(s, record);
          List<Schema.Field> fields = new ArrayList<>();
          for (Schema.Field f : s.getFields()) {
            Schema.Field field = new Schema.Field(f.name(), copy(f.schema()), f.doc(), f.defaultVal(), f.order());
            f.aliases().forEach(field::addAlias);
            field.putAll(f);
            fields.add(field);
          }
          record.setFields(fields);
          record.putAll(s);
          return record;
        case ENUM:
          return remember(s, Schema.createEnum(validName(s.getName()), s.getDoc(), validNamespace(s.getNamespace()),
              s.getEnumSymbols(), s.getEnumDefault()));
        case FIXED:
          return remember(s, Schema.createFixed(validName(s.getName()), s.getDoc(), validNamespace(s.getNamespace()),
              s.getFixedSize()));
        case ARRAY:
          return remember(s, Schema.createArray(copy(s.getElementType())));
        case MAP:
          return remember(s, Schema.createMap(copy(s.getValueType())));
        case UNION:
          List<Schema> branches = new ArrayList<>();
          for (Schema branch : s.getTypes()) {
            branches.add(copy(branch));
          }
          return remember(s, Schema.createUnion(branches));
        default:
          return s; // primitives have no names
      }
    }

    private Schema remember(Schema original, Schema copy) {
      copy.putAll(original);
      if (original.getLogicalType() != null) {
        original.getLogicalType().addToSchema(copy);
      }
      copies.put(original, copy);
      return copy;
    }
  }
}
