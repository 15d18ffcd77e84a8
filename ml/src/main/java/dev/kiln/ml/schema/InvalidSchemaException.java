package dev.kiln.ml.schema;

import dev.kiln.core.spec.BadInput;

/** A schema file or schema setting the user gave is wrong; the message is one line naming where. */
public class InvalidSchemaException extends IllegalArgumentException implements BadInput {
  public InvalidSchemaException(String message) {
    super(message);
  }

  public InvalidSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
