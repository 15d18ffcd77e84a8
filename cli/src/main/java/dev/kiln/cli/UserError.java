package dev.kiln.cli;

/** A mistake of the user's: printed as one line, exit code 2. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
