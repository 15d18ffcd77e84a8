package dev.kiln.ml.schema;

import dev.kiln.ml.stats.FeatureKind;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.beam.sdk.schemas.Schema;

/**
 * Feature type names as statistics report them (Beam type names: {@code INT64}, {@code DOUBLE},
 * {@code STRING}, {@code ARRAY<INT64>}, {@code LOGICAL<...>}) and what they mean for validation.
 */
public final class FeatureTypes {
  private static final Pattern NESTED = Pattern.compile("(ARRAY|ITERABLE|LOGICAL)<.+>");
  private static final List<String> INTEGERS = List.of("BYTE", "INT16", "INT32", "INT64");

  private FeatureTypes() {}

  /** Whether {@code type} is a type name statistics can report. */
  public static boolean isKnown(String type) {
    if (type == null) {
      return false;
    }
    if (NESTED.matcher(type).matches()) {
      return true;
    }
    return Arrays.stream(Schema.TypeName.values()).anyMatch(t -> t.name().equals(type));
  }

  /** The scalar type names, for messages. */
  public static List<String> scalarNames() {
    return Arrays.stream(Schema.TypeName.values()).map(Enum::name)
        .filter(n -> !List.of("ARRAY", "ITERABLE", "LOGICAL_TYPE").contains(n)).toList();
  }

  /** How a feature of this type is summarized (the same rule as {@link FeatureKind#of}). */
  public static FeatureKind kindOf(String type) {
    return switch (type) {
      case "BYTE", "INT16", "INT32", "INT64", "FLOAT", "DOUBLE", "DECIMAL" -> FeatureKind.NUMERIC;
      case "STRING" -> FeatureKind.STRING;
      case "BOOLEAN" -> FeatureKind.BOOLEAN;
      default -> FeatureKind.OTHER;
    };
  }

  /** Whether the type holds whole numbers only. */
  public static boolean isInteger(String type) {
    return INTEGERS.contains(type);
  }

  /**
   * Whether data of type {@code actual} fits a feature declared {@code expected}: the same type, or
   * both numeric unless fractions would enter an integer feature (an INT64 column may be read as
   * DOUBLE, a DOUBLE column as FLOAT; a DOUBLE column is not an INT64 one).
   */
  public static boolean fits(String actual, String expected) {
    if (actual.equals(expected)) {
      return true;
    }
    if (kindOf(actual) == FeatureKind.NUMERIC && kindOf(expected) == FeatureKind.NUMERIC) {
      return !isInteger(expected) || isInteger(actual);
    }
    return false;
  }
}
