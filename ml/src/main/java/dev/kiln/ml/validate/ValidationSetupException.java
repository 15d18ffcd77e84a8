package dev.kiln.ml.validate;

import dev.kiln.core.spec.BadInput;

/** The validate step's settings do not fit its inputs (e.g. drift against a split that does not exist). */
public class ValidationSetupException extends IllegalArgumentException implements BadInput {
  public ValidationSetupException(String message) {
    super(message);
  }
}
