package dev.kiln.core.spec;

/**
 * A step's settings do not fit the data it is given — a split key that is not a column, a user
 * transform whose rows carry no schema, a column name the output format cannot take. The user's to
 * fix (exit code 2), found while the step is compiled, before its job starts.
 *
 * <p>Example of use: {@code throw new StepInputException("split key 'x' is not a column; columns are [a, b]")}.
 */
public class StepInputException extends IllegalArgumentException implements BadInput {
  private static final long serialVersionUID = 1L;

  public StepInputException(String message) {
    super(message);
  }

  public StepInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
