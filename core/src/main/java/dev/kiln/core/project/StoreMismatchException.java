package dev.kiln.core.project;

/** A metadata store and an artifact root that do not belong together; a user error (exit 2). */
public final class StoreMismatchException extends RuntimeException {
  public StoreMismatchException(String message) {
    super(message);
  }
}
