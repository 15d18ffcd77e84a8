package dev.kiln.ml.train;

import dev.kiln.core.spec.BadInput;

/**
 * The training data or the step's wiring cannot be trained on: an unknown or non-numeric column, no
 * rows, a single class, a missing feature value. A user's error ({@link BadInput}), with a one-line message.
 */
public final class TrainingInputException extends IllegalArgumentException implements BadInput {
  private static final long serialVersionUID = 1L;

  public TrainingInputException(String message) {
    super(message);
  }
}
