package dev.kiln.ml.stats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.beam.sdk.schemas.Schema;

/** The running summary of one field: add values, merge with another part, extract the figures. */
interface FieldAccumulator {
  /**
   * Adds one value, null meaning missing.
   *
   * @throws IllegalArgumentException when the value is not of the field's kind (the caller adds the field name)
   */
  void add(Object value);

  /** Adds everything {@code other} (of the same kind and options) has seen; {@code other} is not changed. */
  void merge(FieldAccumulator other);

  FeatureStatistics extract(Schema.Field field, StatisticsOptions options);

  FeatureKind kind();

  void encode(DataOutput out) throws IOException;

  /** A fresh accumulator for a field of {@code kind}. */
  static FieldAccumulator create(FeatureKind kind, StatisticsOptions options) {
    return switch (kind) {
      case NUMERIC -> new NumericAccumulator(options);
      case STRING -> new StringAccumulator(options);
      case BOOLEAN -> new BooleanAccumulator();
      case OTHER -> new OtherAccumulator();
    };
  }

  /** Reads what {@link #encode} wrote for a field of {@code kind}. */
  static FieldAccumulator decode(FeatureKind kind, DataInput in) throws IOException {
    return switch (kind) {
      case NUMERIC -> NumericAccumulator.decode(in);
      case STRING -> StringAccumulator.decode(in);
      case BOOLEAN -> BooleanAccumulator.decode(in);
      case OTHER -> OtherAccumulator.decode(in);
    };
  }

  /** The Beam type of a field as reported in statistics. */
  static String typeName(Schema.FieldType type) {
    return type.getTypeName().isLogicalType()
        ? "LOGICAL<" + type.getLogicalType().getIdentifier() + ">"
        : type.getTypeName().isCollectionType()
            ? type.getTypeName() + "<" + typeName(type.getCollectionElementType()) + ">"
            : type.getTypeName().toString();
  }

  /** A short description of an unexpected value for error messages. */
  static String describe(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return value.getClass().getSimpleName() + " '" + text + "'";
  }
}
