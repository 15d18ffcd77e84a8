package dev.kiln.ml.schema;

import dev.kiln.core.spec.BadInput;

/**
 * A schema file or schema setting the user gave is wrong; the message is one line naming where. It
 * carries no cause on purpose: the orchestrator reports the deepest message of a chain, and a
 * parser's own message is less helpful than this one.
 */
public class InvalidSchemaException extends IllegalArgumentException implements BadInput {
  public InvalidSchemaException(String message) {
    super(message);
  }
}
