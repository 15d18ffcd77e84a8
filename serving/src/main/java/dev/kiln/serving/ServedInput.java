package dev.kiln.serving;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.beam.sdk.schemas.Schema;

/**
 * One named input of a served model: a raw feature column as the model's TransformGraph was fitted on
 * it (its Beam type and whether it may be missing), and the Open Inference Protocol datatype a client
 * sends it as. {@link #value} turns one JSON value into the Java value a Beam row of that type holds,
 * so a served row is the same row the batch steps score.
 *
 * @param name the column name, which is the tensor name
 * @param type the Beam type the graph reads
 * @param nullable whether a row may leave it null (JSON {@code null}); preprocessing imputes it or the model fails
 */
public record ServedInput(String name, Schema.TypeName type, boolean nullable) {

  /** The v2 datatype of this input: FP64, INT64, BYTES (text), BOOL, ... */
  public String datatype() {
    return switch (type) {
      case BOOLEAN -> "BOOL";
      case BYTE -> "INT8";
      case INT16 -> "INT16";
      case INT32 -> "INT32";
      case INT64 -> "INT64";
      case FLOAT -> "FP32";
      case DOUBLE -> "FP64";
      case STRING -> "BYTES";
      default -> throw new IllegalStateException("input '" + name + "' has type " + type + ", which serving cannot take");
    };
  }

  /**
   * The row value of one JSON value.
   *
   * @param where how to name the value in an error ("input 'fare' row 3", "record 2 key 'fare'")
   * @throws BadRequest naming the value when it does not fit this input
   */
  public Object value(JsonNode v, String where) {
    if (v == null || v.isNull()) {
      if (nullable) {
        return null;
      }
      throw BadRequest.of(where + " is null, but the model needs a value for '" + name + "'");
    }
    switch (type) {
      case DOUBLE:
        if (v.isNumber()) {
          return v.doubleValue();
        }
        break;
      case FLOAT:
        if (v.isNumber()) {
          return v.floatValue();
        }
        break;
      case INT64:
      case INT32:
      case INT16:
      case BYTE:
        // JSON has one number type: 189.0 is accepted as 189, 189.5 is not a whole number
        if (v.isNumber() && (v.isIntegralNumber() ? v.canConvertToLong() : v.doubleValue() == Math.rint(v.doubleValue()))) {
          double d = v.isIntegralNumber() ? 0 : v.doubleValue();
          long l = v.isIntegralNumber() ? v.longValue() : (long) d;
          if (!v.isIntegralNumber() && Math.abs(d) >= 0x1p63) {
            break;
          }
          return narrow(l, where);
        }
        break;
      case STRING:
        if (v.isTextual()) {
          return v.textValue();
        }
        break;
      case BOOLEAN:
        if (v.isBoolean()) {
          return v.booleanValue();
        }
        break;
      default:
        break;
    }
    throw BadRequest.of(where + " is " + describe(v) + ", not " + expected());
  }

  private Object narrow(long l, String where) {
    return switch (type) {
      case INT64 -> l;
      case INT32 -> {
        if (l != (int) l) {
          throw BadRequest.of(where + " is " + l + ", outside INT32");
        }
        yield (int) l;
      }
      case INT16 -> {
        if (l != (short) l) {
          throw BadRequest.of(where + " is " + l + ", outside INT16");
        }
        yield (short) l;
      }
      default -> {
        if (l != (byte) l) {
          throw BadRequest.of(where + " is " + l + ", outside INT8");
        }
        yield (byte) l;
      }
    };
  }

  private String expected() {
    return switch (type) {
      case DOUBLE, FLOAT -> "a number (" + datatype() + ")";
      case INT64, INT32, INT16, BYTE -> "a whole number (" + datatype() + ")";
      case STRING -> "a string (BYTES)";
      case BOOLEAN -> "true or false (BOOL)";
      default -> datatype();
    };
  }

  private static String describe(JsonNode v) {
    String text = v.toString();
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    String kind = v.isTextual() ? "the string " : v.isNumber() ? "the number " : v.isBoolean() ? "" : v.isArray() ? "the array " : v.isObject() ? "the object " : "";
    return kind + text;
  }
}
